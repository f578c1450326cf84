package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent profiles: the built-in default ({@value #DEFAULT}, from the gateway's defaults) plus one per Markdown
 * file in the profiles folder. A file's name is the profile's name, its body the system prompt; an optional
 * front matter sets {@code description}, {@code model}, {@code tool-groups} and {@code max-turns}. Files are
 * re-read when they change (checked at most once a second), so editing a profile needs no restart.
 */
public final class AgentProfiles {
    public static final String DEFAULT = "hinksbot";
    private static final Logger LOG = LoggerFactory.getLogger(AgentProfiles.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long RESCAN_NANOS = 1_000_000_000L;

    private final Path dir;
    private final Supplier<AgentProfile> builtIn;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, AgentProfile> byName, long scannedAt) {
    }

    /** {@code builtIn} is asked each time: the default profile follows defaults that can change at run time. */
    public AgentProfiles(Path dir, Supplier<AgentProfile> builtIn) {
        this.dir = dir;
        this.builtIn = builtIn;
    }

    /** The default profile first, then the others by name. */
    public List<AgentProfile> all() {
        Map<String, AgentProfile> files = current();
        List<AgentProfile> all = new ArrayList<>();
        all.add(files.getOrDefault(DEFAULT, builtIn.get()));
        files.values().stream().filter(p -> !p.name().equals(DEFAULT)).forEach(all::add);
        return all;
    }

    /** A `agent/hinksbot.md` replaces the built-in default. */
    public Optional<AgentProfile> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        AgentProfile file = current().get(name);
        return file != null ? Optional.of(file) : DEFAULT.equals(name) ? Optional.of(builtIn.get()) : Optional.empty();
    }

    private Map<String, AgentProfile> current() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.scannedAt() < RESCAN_NANOS) {
            return s.byName();
        }
        Snapshot fresh = new Snapshot(scan(), now);
        snapshot = fresh;
        return fresh.byName();
    }

    private Map<String, AgentProfile> scan() {
        Map<String, AgentProfile> found = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> f.getFileName().toString().endsWith(".md")).sorted(Comparator.naturalOrder()).forEach(files::add);
        } catch (IOException e) {
            LOG.warn("cannot list agent profiles in {}: {}", dir, e.toString());
            return found;
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - 3).toLowerCase(java.util.Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                LOG.warn("agent profile {} skipped: the name must be lower-case letters, digits, '.', '_' or '-'", file);
                continue;
            }
            try {
                found.put(name, parse(name, Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("agent profile {} skipped: {}", file, e.getMessage());
            }
        }
        return found;
    }

    /** Markdown with an optional `---` front matter block. */
    static AgentProfile parse(String name, String text) throws IOException {
        String body = text.replace("\r\n", "\n");
        JsonNode meta = YAML.createObjectNode();
        if (body.startsWith("---\n")) {
            int end = body.indexOf("\n---", 4);
            if (end < 0) {
                throw new IllegalArgumentException("the front matter has no closing '---' line");
            }
            JsonNode parsed = YAML.readTree(body.substring(4, end));
            if (parsed != null && !parsed.isMissingNode() && !parsed.isNull()) {
                if (!parsed.isObject()) {
                    throw new IllegalArgumentException("the front matter must be 'key: value' lines");
                }
                meta = parsed;
            }
            int next = body.indexOf('\n', end + 4);
            body = next < 0 ? "" : body.substring(next + 1);
        }
        List<String> groups = null;
        JsonNode g = meta.get("tool-groups");
        if (g != null && !g.isNull()) {
            groups = new ArrayList<>();
            if (g.isArray()) {
                for (JsonNode item : g) {
                    groups.add(item.asText().trim());
                }
            } else {
                for (String item : g.asText().split(",")) {
                    if (!item.isBlank()) {
                        groups.add(item.trim());
                    }
                }
            }
        }
        Integer maxTurns = null;
        JsonNode t = meta.get("max-turns");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToInt() || t.asInt() < 1) {
                throw new IllegalArgumentException("max-turns must be a whole number of at least 1");
            }
            maxTurns = t.asInt();
        }
        String model = meta.hasNonNull("model") ? meta.get("model").asText() : null;
        String description = meta.hasNonNull("description") ? meta.get("description").asText() : null;
        boolean perUser = false;
        JsonNode sessions = meta.get("sessions");
        if (sessions != null && !sessions.isNull()) {
            switch (sessions.asText()) {
                case "per-user" -> perUser = true;
                case "none" -> perUser = false;
                default -> throw new IllegalArgumentException("sessions must be 'none' (stateless, the default) or 'per-user'");
            }
        }
        return new AgentProfile(name, description, body.strip(), model == null || model.isBlank() ? null : model, groups, maxTurns,
                perUser);
    }
}
