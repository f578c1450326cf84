package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A start that fails on the user's own edit — a route file Camel cannot read, a processor that does not compile, a
 * route naming a bean that does not exist — ends with exit code 2 and says what and where in a few lines, without
 * the stack trace of Camel's start.
 */
class StartFailureTest {
    static final Duration STARTS = Duration.ofSeconds(90);

    @Test
    void aRouteFileCamelCannotReadIsNamedWithItsLine() throws Exception {
        Path routes = routesWith("zz-broken.yaml", "- route:\n    id: broken\n    from:\n      uri: direct:x\n      steps:\n        - tooo: log:x\n");
        String said = failedStart(Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml"));
        assertThat(said).contains("hinksbot-gateway: a route file cannot be read: Unknown node id: tooo")
                .contains("zz-broken.yaml, line 6").contains("routes validate");
    }

    @Test
    void aProcessorThatDoesNotCompileIsNamedWithItsLine() throws Exception {
        Path processors = Files.createTempDirectory("hinksbot-broken-processor");
        Files.writeString(processors.resolve("Broken.java"), "public class Broken {\n    this is not java\n}\n");
        String said = failedStart(Map.of("camel.main.routes-include-pattern", "file:routes/*.yaml,file:" + processors + "/*.java",
                "gateway.cache-dir", processors.resolve("cache").toString()));
        assertThat(said).contains("hinksbot-gateway: a processor in processors/ does not compile:").contains("Broken.java:2: error");
    }

    @Test
    void aRouteNamingABeanThatDoesNotExistIsNamed() throws Exception {
        Path routes = routesWith("zz-unknown-bean.yaml", "- route:\n    id: typo\n    from:\n      uri: direct:typo\n      steps:\n"
                + "        - process:\n            ref: authorise\n");
        String said = failedStart(Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml"));
        assertThat(said).contains("hinksbot-gateway: a route cannot start:").contains("typo").contains("authorise");
    }

    /** Starts a gateway that must fail: its exit code is 2 and its output has no stack trace; what it said. */
    private static String failedStart(Map<String, String> extra) throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-start-failure");
        try (GatewayProcess gateway = GatewayProcess.launch("http://127.0.0.1:9", dir, "gateway.log", extra)) {
            OptionalInt exit = gateway.awaitExit(STARTS);
            assertThat(exit).as("the start ended:\n%s", gateway.tail()).isPresent();
            String log = gateway.log();
            assertThat(exit.getAsInt()).as(log).isEqualTo(2);
            assertThat(log).as("no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
            return log;
        }
    }

    /** The shipped routes plus one more file. */
    private static Path routesWith(String name, String yaml) throws Exception {
        Path dir = ShippedRoutes.copy();
        Files.writeString(dir.resolve(name), yaml);
        return dir;
    }
}
