package dev.hinksbot.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.common.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.StringHelper;

/**
 * Checks the user's {@code camel.*} keys against Camel's own option names before Camel starts, so a typo is one line
 * with a suggestion instead of a stack trace. The {@code camel.main}, {@code camel.server} … groups come from
 * camel-main's metadata, {@code camel.component.<name>.<option>} from the component's catalog entry. Camel matches
 * names ignoring case and dashes ({@code routes-reload-enabled} = {@code routesReloadEnabled}), and so does this.
 */
final class CamelKeys {
    private static final String METADATA = "META-INF/camel-main-configuration-metadata.json";
    /** Families camel-main reads that have no fixed option list (beans, data formats, variables …): not checked. */
    private static final Set<String> OPEN_FAMILIES = Set.of("dataformat", "language", "beans", "context", "devconsole",
            "globaloptions", "routetemplate", "variable", "vault", "kamelet", "jbang");

    /** Group ("camel.server", normalized) → its options' normalized names → their dashed names. */
    private Map<String, Map<String, String>> groups; // read when a key is first checked
    private final BiFunction<String, List<String>, String> suggest;

    /** {@code suggest}: the " (did you mean …?)" text for a key among candidates (the one used for gateway.* keys). */
    CamelKeys(BiFunction<String, List<String>, String> suggest) {
        this.suggest = suggest;
    }

    /** Camel's metadata is read only when there is a key to check (a shipped config has none: see ConfigLoader). */
    private Map<String, Map<String, String>> groups() {
        if (groups == null) {
            groups = readMetadata();
        }
        return groups;
    }

    /** Throws a {@link ConfigException} naming the first unknown {@code camel.*} key of {@code props}. */
    void check(Map<String, String> props) {
        List<String> components = new ArrayList<>();
        for (String key : props.keySet()) {
            if (!key.startsWith("camel.")) {
                continue;
            }
            String[] parts = key.split("\\.");
            String family = parts.length > 1 ? norm(parts[1]) : "";
            if (family.equals("component")) {
                components.add(key);
                continue;
            }
            if (OPEN_FAMILIES.contains(family)) {
                continue;
            }
            String group = longestGroup(key);
            if (group == null) {
                throw unknown(key, allOptions());
            }
            Map<String, String> options = groups().get(group);
            // the option's first segment: map-valued options (camel.rest.api-properties.<k>) carry more
            String option = norm(key.substring(group.length() + 1).split("\\.")[0]);
            if (!options.containsKey(option)) {
                throw unknown(key, List.copyOf(options.values()));
            }
        }
        if (!components.isEmpty()) {
            checkComponents(components);
        }
    }

    /** {@code camel.component.<name>.<option>[.<nested>]}: the option must be one of the component's own. */
    private void checkComponents(List<String> keys) {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            DefaultRuntimeCamelCatalog catalog = new DefaultRuntimeCamelCatalog();
            catalog.setCamelContext(context);
            ObjectMapper json = new ObjectMapper();
            for (String key : keys) {
                String[] parts = key.split("\\.");
                if (parts.length < 4) {
                    throw new ConfigException("camel.* key '" + key + "' must be camel.component.<name>.<option>");
                }
                String name = parts[2];
                String schema = catalog.componentJSonSchema(name);
                if (schema == null) {
                    throw new ConfigException("unknown camel.* key '" + key + "': there is no Camel component '" + name + "'");
                }
                Map<String, String> options = new HashMap<>();
                json.readTree(schema).path("componentProperties").fieldNames()
                        .forEachRemaining(o -> options.put(norm(o), "camel.component." + name + "." + StringHelper.camelCaseToDash(o)));
                if (!options.containsKey(norm(parts[3]))) {
                    throw unknown(key, List.copyOf(options.values()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConfigException unknown(String key, List<String> candidates) {
        // Camel ignores case and dashes, so the closest name is found in its dashed spelling
        String hint = suggest.apply(StringHelper.camelCaseToDash(key), candidates);
        return new ConfigException("unknown camel.* key '" + key + "'"
                + (hint.startsWith(" (") ? hint : "; see Camel's configuration options (camel-main, components) for the names"));
    }

    private String longestGroup(String key) {
        String normalized = norm(key);
        String best = null;
        for (String group : groups().keySet()) {
            if (normalized.startsWith(group + ".") && (best == null || group.length() > best.length())) {
                best = group;
            }
        }
        return best;
    }

    private List<String> allOptions() {
        List<String> all = new ArrayList<>();
        groups().values().forEach(o -> all.addAll(o.values()));
        return all;
    }

    private static String norm(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "");
    }

    private static Map<String, Map<String, String>> readMetadata() {
        try (InputStream in = CamelKeys.class.getClassLoader().getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException(METADATA + " is not on the class path (camel-main)");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Map<String, String>> groups = new HashMap<>();
            Set<String> groupNames = new HashSet<>();
            root.path("groups").forEach(g -> groupNames.add(norm(g.path("name").asText())));
            groupNames.forEach(g -> groups.put(g, new HashMap<>()));
            for (JsonNode p : root.path("properties")) {
                String name = p.path("name").asText();
                int dot = name.lastIndexOf('.');
                String group = norm(name.substring(0, dot));
                groups.computeIfAbsent(group, g -> new HashMap<>())
                        .put(norm(name.substring(dot + 1)), name.substring(0, dot) + "." + StringHelper.camelCaseToDash(name.substring(dot + 1)));
            }
            return Map.copyOf(groups);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
