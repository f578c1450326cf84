package dev.hinksbot.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hinksbot.gateway.common.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * The seed's {@code config.yaml} (server, llama_server, database, defaults), read when {@code HINKSBOT_GATEWAY_CONFIG}
 * names a .yaml/.yml file: each known key becomes ours, anything else is refused in one line — a key that silently
 * did nothing would leave the user believing it took effect.
 */
final class SeedConfig {
    /** Seed key → our key, for the keys that are not {@code defaults.*}. */
    static final Map<String, String> KEYS = Map.of(
            "server.host", "camel.server.host",
            "server.port", "camel.server.port",
            "llama_server.base_url", "gateway.llama.base-url",
            "llama_server.api_key", "gateway.llama.api-key",
            "database.path", "gateway.database.path");
    /** Seed keys with no counterpart here, and why (the web UI is served by the gateway itself). */
    private static final Map<String, String> NO_COUNTERPART = Map.of(
            "frontend.title", "the web UI's title is not configurable",
            "frontend.port", "the web UI is served on server.port",
            "server.debug", "use camel.main.routes-reload-enabled in application.properties for reloading");

    private SeedConfig() {
    }

    static boolean isSeedFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Our properties for the seed file's keys, in file order; a {@link ConfigException} names an unknown or bad key. */
    static Properties read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read seed config " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Properties props = new Properties();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return props;
        }
        if (!root.isObject()) {
            throw new ConfigException("seed config " + file + " is not a YAML mapping (server:, llama_server:, database:, defaults:)");
        }
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        flatten("", root, leaves);
        leaves.forEach((seedKey, value) -> props.setProperty(ourKey(file, seedKey), text(file, seedKey, value)));
        return props;
    }

    /** The key names mapped from {@code props}' seed keys, for the one INFO line (names only, never values). */
    static String describe(Properties props) {
        return String.join(", ", new java.util.TreeSet<>(props.stringPropertyNames()));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && (prefix.isEmpty() || !node.isEmpty())) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node);
        }
    }

    private static String ourKey(Path file, String seedKey) {
        String key = KEYS.get(seedKey);
        if (key != null) {
            return key;
        }
        if (seedKey.startsWith("defaults.")) {
            String ours = "gateway.defaults." + seedKey.substring("defaults.".length()).replace('_', '-');
            if (ConfigKeys.shipped().isGatewayKey(ours)) {
                return ours;
            }
        }
        String why = NO_COUNTERPART.get(seedKey);
        throw new ConfigException("seed config " + file + ": key '" + seedKey + "' is not supported"
                + (why != null ? " (" + why + ")" : "") + "; accepted: " + accepted());
    }

    private static String accepted() {
        List<String> keys = new ArrayList<>(new java.util.TreeSet<>(KEYS.keySet()));
        ConfigKeys.shipped().gatewayNames().stream().filter(k -> k.startsWith("gateway.defaults.")).sorted()
                .map(k -> "defaults." + k.substring("gateway.defaults.".length()).replace('-', '_')).forEach(keys::add);
        return String.join(", ", keys);
    }

    /** Scalars as text; a list only for tool_groups (comma-joined, as in application.properties). */
    private static String text(Path file, String seedKey, JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        if (value.isArray() && seedKey.equals("defaults.tool_groups")) {
            StringJoiner joined = new StringJoiner(",");
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    throw new ConfigException("seed config " + file + ": defaults.tool_groups must be a list of names");
                }
                joined.add(item.asText().trim());
            }
            return joined.toString();
        }
        if (!value.isValueNode()) {
            throw new ConfigException("seed config " + file + ": key '" + seedKey + "' must be a single value, not a "
                    + (value.isArray() ? "list" : "mapping"));
        }
        String text = value.asText().trim();
        // the seed's own default (~/.hermes/…) means the user's home folder, not a folder named ~
        return seedKey.equals("database.path") && text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text;
    }
}
