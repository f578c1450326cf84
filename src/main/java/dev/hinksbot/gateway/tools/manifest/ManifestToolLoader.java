package dev.hinksbot.gateway.tools.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hinksbot.gateway.tools.CommandPolicy;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolRegistry;
import dev.hinksbot.gateway.tools.Workspace;
import dev.hinksbot.gateway.tools.builtin.BuiltinSettings;
import dev.hinksbot.gateway.tools.builtin.BuiltinTools;
import dev.hinksbot.gateway.tools.builtin.ShellRunner;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads declarative tools from YAML files (one tool per file) in a directory and keeps the registry in step
 * with the directory while watching. A broken file is reported as a problem line and skipped; it never stops
 * the good files from loading.
 */
public final class ManifestToolLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestToolLoader.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> KEYS = Set.of("name", "description", "groups", "parameters", "command",
            "endpoint", "timeout_seconds", "allow_dash");
    /** Editors write several events per save; wait for them to settle before reloading. */
    private static final long DEBOUNCE_MS = 150;

    private final Path dir;
    private final ToolRegistry registry;
    private final Workspace workspace;
    private final BuiltinSettings settings;
    private final EndpointInvoker invoker;
    private final CommandPolicy commands;
    private final ShellRunner runner;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** Names of the tools this loader registered; only these may it replace or remove. */
    private final Set<String> owned = new HashSet<>();
    private WatchService watcher;
    private Thread watchThread;

    /** {@code commands} says where command tools run; without a sandbox they are reported and not loaded. */
    public ManifestToolLoader(Path dir, ToolRegistry registry, Workspace workspace, BuiltinSettings settings,
                              EndpointInvoker invoker, CommandPolicy commands) {
        this.dir = dir.toAbsolutePath().normalize();
        this.registry = registry;
        this.workspace = workspace;
        this.settings = settings;
        this.invoker = invoker;
        this.commands = commands;
        this.runner = commands.sandbox().map(s -> new ShellRunner(s, settings.outputCapChars())).orElse(null);
    }

    /**
     * (Re)loads every *.yaml / *.yml file: registers the good ones, unregisters tools whose file is gone or now
     * broken. Returns the problems, one line each ("tools/foo.yaml: what is wrong").
     */
    public synchronized List<String> loadAll() {
        List<String> problems = new ArrayList<>();
        Map<String, Tool> fresh = new LinkedHashMap<>();
        Map<String, String> fileOf = new HashMap<>();
        for (Path file : manifestFiles(problems)) {
            String label = label(file);
            List<String> fileProblems = new ArrayList<>();
            ManifestTool manifest = parse(file, fileProblems);
            if (manifest != null) {
                String name = manifest.name();
                if (BuiltinTools.NAMES.contains(name)) {
                    fileProblems.add("name '" + name + "' is a built-in tool and cannot be overridden");
                } else if (fresh.containsKey(name)) {
                    fileProblems.add("name '" + name + "' is already defined in " + fileOf.get(name));
                } else if (registry.find(name).isPresent() && !owned.contains(name)) {
                    fileProblems.add("name '" + name + "' is already taken by a tool not defined by a manifest");
                }
            }
            if (!fileProblems.isEmpty()) {
                // one line each, whatever a parser put in its message
                fileProblems.forEach(p -> problems.add(label + ": " + p.strip().replaceAll("\\s*\\R\\s*", " ")));
                continue;
            }
            fresh.put(manifest.name(), manifest.toTool(workspace, runner, commands.approvals(), invoker, settings.outputCapChars()));
            fileOf.put(manifest.name(), label);
        }
        for (Iterator<String> it = owned.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!fresh.containsKey(name)) {
                registry.unregister(name);
                it.remove();
            }
        }
        fresh.values().forEach(registry::register);
        owned.addAll(fresh.keySet());
        problems.forEach(p -> LOG.warn("tool manifest problem: {}", p));
        LOG.info("loaded {} manifest tool(s) from {}", fresh.size(), dir);
        return problems;
    }

    /** Watches the directory on a daemon thread; any change to a manifest reloads the set. */
    public synchronized void startWatching() {
        if (watchThread != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            watcher = dir.getFileSystem().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            LOG.warn("cannot watch tool manifests in {}: {}", dir, e.toString());
            return;
        }
        WatchService ws = watcher;
        watchThread = new Thread(() -> watch(ws), "tool-manifest-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    private void watch(WatchService ws) {
        try {
            while (true) {
                WatchKey key = ws.take();
                Thread.sleep(DEBOUNCE_MS);
                boolean relevant = drain(key);
                for (WatchKey more; (more = ws.poll()) != null; ) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    loadAll();
                }
                if (!key.isValid()) {
                    LOG.warn("tool manifest directory {} is no longer watchable; stopped watching", dir);
                    return;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("tool manifest watcher stopped", e);
        }
    }

    private static boolean drain(WatchKey key) {
        boolean relevant = false;
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || (event.context() instanceof Path p && isManifest(p))) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    /** Stops watching. Loaded tools stay registered. */
    @Override
    public synchronized void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (watchThread != null) {
            watchThread.interrupt();
        }
        watcher = null;
        watchThread = null;
    }

    private List<Path> manifestFiles(List<String> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> isManifest(p.getFileName()) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            problems.add(dir.getFileName() + ": cannot list manifests: " + e.getMessage());
            return List.of();
        }
    }

    private static boolean isManifest(Path name) {
        String n = name.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    private String label(Path file) {
        Path d = dir.getFileName();
        return (d == null ? "" : d + "/") + file.getFileName();
    }

    /** The checked manifest, or null with the reasons added to {@code problems}. */
    private ManifestTool parse(Path file, List<String> problems) {
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            problems.add(yamlProblem(e));
            return null;
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
            return null;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add("file is empty");
            return null;
        }
        if (!root.isObject()) {
            problems.add("must be a YAML mapping with name, description, parameters and command or endpoint");
            return null;
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add("unknown key '" + k + "' (allowed: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        });

        String name = text(root, "name", problems);
        if (name == null) {
            problems.add("'name' is required");
        } else if (!NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' is invalid: use 1-64 letters, digits, '_' or '-'");
        }
        String description = text(root, "description", problems);
        if (description == null || description.isBlank()) {
            problems.add("'description' is required: the model decides from it when to use the tool");
        }

        List<String> groups = new ArrayList<>();
        JsonNode g = root.path("groups");
        if (g.isTextual()) {
            groups.add(g.asText());
        } else if (g.isArray()) {
            g.forEach(x -> {
                if (x.isTextual() && !x.asText().isBlank()) {
                    groups.add(x.asText());
                } else {
                    problems.add("'groups' entries must be non-empty strings, got " + x);
                }
            });
        } else if (!g.isMissingNode() && !g.isNull()) {
            problems.add("'groups' must be a list of group names");
        }

        JsonNode params = root.get("parameters");
        Set<String> declared = new HashSet<>();
        if (params == null || params.isNull()) {
            params = yaml.createObjectNode().put("type", "object").set("properties", yaml.createObjectNode());
        } else {
            checkSchema(params, declared, problems);
        }

        String command = text(root, "command", problems);
        String endpoint = text(root, "endpoint", problems);
        if ((command == null) == (endpoint == null)) {
            problems.add("exactly one of 'command' or 'endpoint' is required");
        }
        boolean allowDash = false;
        JsonNode dash = root.get("allow_dash");
        if (dash != null && !dash.isNull()) {
            if (dash.isBoolean()) {
                allowDash = dash.asBoolean();
            } else {
                problems.add("'allow_dash' must be true or false, got " + dash);
            }
        }
        CommandTemplate template = null;
        if (command != null) {
            template = CommandTemplate.parse(command, declared, allowDash, problems);
            if (runner == null) {
                problems.add("command tools are not available: no sandbox could be started (see the start-up log: "
                        + "install bubblewrap, or set gateway.tools.sandbox=off)");
            }
        }
        if (endpoint != null && invoker == null) {
            problems.add("endpoint tools are not available: no endpoint invoker is configured");
        }

        Duration timeout = command != null ? settings.shellTimeout() : settings.webTimeout();
        JsonNode t = root.get("timeout_seconds");
        if (t != null && !t.isNull()) {
            if (t.isIntegralNumber() && t.asLong() > 0) {
                // the operator wrote this file, so its timeout is trusted even above the run_shell maximum
                timeout = Duration.ofSeconds(t.asLong());
            } else {
                problems.add("'timeout_seconds' must be a positive whole number, got " + t);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new ManifestTool(name, description.strip(), List.copyOf(groups), params, template, endpoint, timeout);
    }

    /** snakeyaml's messages span several lines with a caret drawing; a problem line wants the gist. */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
            String where = m.getProblemMark() != null ? " at line " + (m.getProblemMark().getLine() + 1) : "";
            String context = m.getContext() != null ? m.getContext() + ": " : "";
            return "invalid YAML" + where + ": " + context + m.getProblem();
        }
        String where = e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "";
        return "invalid YAML" + where + ": " + e.getOriginalMessage();
    }

    private static String text(JsonNode root, String key, List<String> problems) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add("'" + key + "' must be a string, got " + v.getNodeType().name().toLowerCase());
            return null;
        }
        return v.asText();
    }

    private static void checkSchema(JsonNode params, Set<String> declared, List<String> problems) {
        if (!params.isObject() || !"object".equals(params.path("type").asText())) {
            problems.add("'parameters' must be a JSON schema object with 'type: object'");
            return;
        }
        JsonNode props = params.path("properties");
        if (!props.isMissingNode() && !props.isObject()) {
            problems.add("'parameters.properties' must be a mapping of parameter name to schema");
            return;
        }
        props.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                problems.add("parameter '" + e.getKey() + "' must be a schema mapping, e.g. {type: string, description: ...}");
            }
            declared.add(e.getKey());
        });
        JsonNode req = params.path("required");
        if (!req.isMissingNode()) {
            if (!req.isArray()) {
                problems.add("'parameters.required' must be a list of parameter names");
                return;
            }
            req.forEach(r -> {
                if (!declared.contains(r.asText())) {
                    problems.add("required parameter '" + r.asText() + "' is not declared in parameters.properties");
                }
            });
        }
    }
}
