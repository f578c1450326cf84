package dev.hinksbot.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every config key with its default and its comment, read from the one source: the shipped
 * {@code config/application.properties} (packaged in the jar as {@value #RESOURCE}, the file {@code hinksbot init}
 * copies into a home). A key's comment is the {@code #} lines right above it; section lines ({@code # --- … ---})
 * are not part of it. Validation, the {@code config keys} command and the docs all read this list.
 */
public record ConfigKeys(List<Key> keys) {
    /** Where the build puts the repo's config/application.properties (pom.xml: the default home in the jar). */
    static final String RESOURCE = "/hinksbot-home/config/application.properties";

    /** One key: its name, its shipped default (may be empty) and its comment (empty if it has none). */
    public record Key(String name, String defaultValue, String comment) {
        public boolean gateway() {
            return name.startsWith("gateway.");
        }
    }

    public ConfigKeys {
        keys = List.copyOf(keys);
    }

    /** The shipped defaults; a build without them is broken, not misconfigured. */
    public static ConfigKeys shipped() {
        try (InputStream in = ConfigKeys.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default config is missing from this build (" + RESOURCE + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses properties text; values as {@link Properties} reads them, a key given twice is an error (one would be lost). */
    static ConfigKeys parse(String text) {
        Properties values = new Properties();
        try {
            values.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Key> keys = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        boolean continued = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (continued) {
                continued = endsContinued(line);
                continue;
            }
            if (line.isEmpty()) {
                comment.clear();
            } else if (line.startsWith("#") || line.startsWith("!")) {
                String c = line.substring(1).strip();
                if (c.startsWith("---")) {
                    comment.clear();
                } else {
                    comment.add(c);
                }
            } else {
                String name = line.split("[=:\\s]", 2)[0];
                if (keys.stream().anyMatch(k -> k.name().equals(name))) {
                    throw new IllegalStateException("config key " + name + " is listed twice");
                }
                keys.add(new Key(name, values.getProperty(name, ""), String.join(" ", comment)));
                comment.clear();
                continued = endsContinued(line);
            }
        }
        return new ConfigKeys(keys);
    }

    private static boolean endsContinued(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Every {@code gateway.*} key with its default, in file order. */
    public Map<String, String> gatewayDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        keys.stream().filter(Key::gateway).forEach(k -> defaults.put(k.name(), k.defaultValue()));
        return defaults;
    }

    /** The names of the {@code gateway.*} keys, in file order. */
    public List<String> gatewayNames() {
        return keys.stream().filter(Key::gateway).map(Key::name).toList();
    }

    /** A key of the shipped config file (gateway.* or camel.*); ConfigKeysTest checks its camel.* keys against Camel. */
    public boolean isShipped(String name) {
        return keys.stream().anyMatch(k -> k.name().equals(name));
    }

    public boolean isGatewayKey(String name) {
        return keys.stream().anyMatch(k -> k.gateway() && k.name().equals(name));
    }
}
