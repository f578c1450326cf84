package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A service manager that stops the gateway while it is still starting (systemd's stop during a slow start, Ctrl-C
 * right after `run`) sees it end within seconds, without a stack trace, and the next start on the same data works.
 */
class StopWhileStartingTest {
    /**
     * The rest of Camel's start plus an ordered stop (about 5 s on a busy 2-core machine); far below the 60 s a stop
     * during start-up used to wait for Camel's own shutdown hook.
     */
    static final Duration PROMPTLY = Duration.ofSeconds(20);

    @Test
    void sigtermDuringStartUpEndsTheProcessPromptlyAndQuietly() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-stop-starting");
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            try (GatewayProcess starting = GatewayProcess.launch(llama.baseUrl(), dir, "starting.log", Map.of())) {
                // Camel is starting: its HTTP server listens, the routes and the channels are still to start
                assertThat(starting.awaitListening(Duration.ofSeconds(60))).as(starting.tail()).isTrue();
                long sent = System.nanoTime();
                OptionalInt exit = starting.terminate(PROMPTLY);
                assertThat(exit).as("ended within %s of SIGTERM:\n%s", PROMPTLY, starting.tail()).isPresent();
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(PROMPTLY);
                String log = starting.log();
                assertThat(log).as("no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
                        .doesNotContain("Exception in thread").doesNotContain("Shutdown in progress");
            }
            try (GatewayProcess next = GatewayProcess.start(llama.baseUrl(), dir, "next.log", Map.of())) {
                assertThat(next.get("/api/v1/health").statusCode()).isEqualTo(200);
            }
        }
    }
}
