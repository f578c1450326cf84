package dev.hinksbot.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * config/application.properties is the one list of keys: every gateway.* key the code or a route reads is in it with
 * a default and a comment, and every key in it is read somewhere, so the file, validation and `config keys` cannot
 * drift from what the gateway does.
 */
class ConfigKeysTest {
    /** A Java string literal that is a whole key: "gateway.llama.base-url" (not a file name: resolve("gateway.log")). */
    private static final Pattern KEY_LITERAL = Pattern.compile("(?<!resolve\\()\"(gateway\\.[a-z0-9.-]*[a-z0-9])\"");
    /** A per-platform setting read by suffix: setting("token"), prefix + "reset-mode", settings.getOrDefault("…". */
    private static final Pattern PLATFORM_SUFFIX = Pattern.compile("(?:setting\\(|settings\\.getOrDefault\\(|prefix \\+ )\"([a-z][a-z0-9.-]*)\"");
    /** A key a route reads: {{gateway.x}}, {{millis:gateway.x}}, ${properties:gateway.x}. */
    private static final Pattern ROUTE_KEY = Pattern.compile("(?:\\{\\{(?:[a-z-]+:)?|\\$\\{properties:)(gateway\\.[a-z0-9.-]*[a-z0-9])");

    private final ConfigKeys keys = ConfigKeys.shipped();
    private final Set<String> fileKeys = new TreeSet<>(keys.gatewayNames());

    @Test
    void everyKeyTheCodeOrARouteReadsIsListedWithItsDefault() throws IOException {
        Set<String> missing = new TreeSet<>(keysTheCodeReads());
        missing.addAll(keysTheRoutesRead());
        missing.removeAll(fileKeys);
        assertThat(missing).as("keys read but not in config/application.properties").isEmpty();
        for (String suffix : platformSuffixes()) {
            assertThat(ChannelsConfig.PLATFORMS).as("a platform with setting '" + suffix + "'")
                    .anyMatch(p -> fileKeys.contains("gateway." + p + "." + suffix));
        }
    }

    @Test
    void everyListedKeyIsReadSomewhere() throws IOException {
        Set<String> read = new HashSet<>(keysTheCodeReads());
        read.addAll(keysTheRoutesRead());
        Set<String> suffixes = platformSuffixes();
        Set<String> unread = new TreeSet<>();
        for (String key : fileKeys) {
            String[] parts = key.split("\\.", 3);
            boolean platformSetting = parts.length == 3 && ChannelsConfig.PLATFORMS.contains(parts[1]) && suffixes.contains(parts[2]);
            if (!read.contains(key) && !platformSetting) {
                unread.add(key);
            }
        }
        assertThat(unread).as("keys in config/application.properties that nothing reads").isEmpty();
    }

    /** ConfigLoader looks up only the camel.* keys a user added; the shipped ones must therefore be Camel's own. */
    @Test
    void theShippedCamelKeysAreCamelsOwn() {
        Map<String, String> camel = new java.util.HashMap<>();
        keys.keys().stream().filter(k -> k.name().startsWith("camel.")).forEach(k -> camel.put(k.name(), k.defaultValue()));
        assertThat(camel).containsKeys("camel.main.name", "camel.server.port");
        new CamelKeys((key, candidates) -> "").check(camel); // throws naming the first unknown one
        assertThatThrownBy(() -> new CamelKeys((key, candidates) -> "").check(Map.of("camel.main.nmae", "x")))
                .hasMessageContaining("camel.main.nmae");
    }

    @Test
    void everyKeyHasAComment() {
        assertThat(keys.keys()).filteredOn(ConfigKeys.Key::gateway).allSatisfy(k ->
                assertThat(k.comment()).as("comment of " + k.name()).isNotBlank());
    }

    @Test
    void theDefaultSystemPromptHasOneValueTheFilesAndAKeyCannotBeListedTwice() {
        assertThat(keys.gatewayDefaults().get("gateway.defaults.system-prompt")).startsWith("You are HinksBot").endsWith("unsure.");
        assertThatThrownBy(() -> ConfigKeys.parse("# a\ngateway.x=1\n# b\ngateway.x=2\n")).hasMessageContaining("gateway.x is listed twice");
    }

    @Test
    void commentsAreTheLinesRightAboveAKeyWithoutSectionTitlesAndValuesMayContinue() {
        ConfigKeys parsed = ConfigKeys.parse("""
                # --- section ---
                # first line
                # second line
                gateway.a=one \\
                  two
                gateway.b.c = x=y

                # orphan

                camel.main.name=n
                """);
        assertThat(parsed.keys()).containsExactly(new ConfigKeys.Key("gateway.a", "one two", "first line second line"),
                new ConfigKeys.Key("gateway.b.c", "x=y", ""), new ConfigKeys.Key("camel.main.name", "n", ""));
        assertThat(parsed.gatewayNames()).containsExactly("gateway.a", "gateway.b.c");
    }

    private static Set<String> keysTheCodeReads() throws IOException {
        return matches(Path.of("src/main/java"), ".java", KEY_LITERAL);
    }

    private static Set<String> platformSuffixes() throws IOException {
        return matches(Path.of("src/main/java"), ".java", PLATFORM_SUFFIX);
    }

    private static Set<String> keysTheRoutesRead() throws IOException {
        return matches(Path.of("routes"), ".yaml", ROUTE_KEY);
    }

    private static Set<String> matches(Path dir, String suffix, Pattern pattern) throws IOException {
        Set<String> found = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
        for (Path file : files) {
            Matcher m = pattern.matcher(Files.readString(file));
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
