package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads in the log: expected failures (llama-server down, Telegram unreachable) as single lines
 * without a stack trace, and one line per route reload.
 */
class OperationsLogTest {
    private static final String TOKEN = "777:log-test-token-secret";

    @Test
    void expectedFailuresAreOneLineEachAndAReloadIsOneLine() throws Exception {
        ScriptedLlamaServer gone = ScriptedLlamaServer.start();
        String deadUrl = gone.baseUrl();
        gone.close();
        Path routes = ShippedRoutes.copy();
        try (LogCapture log = new LogCapture();
             GatewayHarness gateway = GatewayHarness.start(deadUrl,
                     "gateway.telegram.token", TOKEN, "gateway.telegram.api-url", deadUrl, "gateway.telegram.poll-delay", "200ms",
                     "camel.main.routes-reload-enabled", "true",
                     "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml",
                     "camel.main.routes-reload-directory", routes.toString())) {
            // a chat while llama-server is down
            gateway.post("/v1/chat/completions", "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            awaitLine(log, "Telegram");

            Path rest = routes.resolve("rest-api.yaml");
            // saved the way editors save (a new file renamed over the old): the watcher never reads a half-written file
            Path edited = routes.resolve("rest-api.yaml.tmp");
            Files.writeString(edited, Files.readString(rest) + "\n# touched\n");
            Files.move(edited, rest, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            String reload = awaitLine(log, "routes reloaded");
            assertThat(reload).contains("rest-api.yaml").contains("route(s)");
            Thread.sleep(500); // anything else the reload logs comes with it
            List<String> lines = log.lines();
            assertThat(lines.stream().filter(l -> l.contains("routes reloaded")).count()).isEqualTo(1);
            assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\tat ", "already been started", TOKEN));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("POST /v1/chat/completions answered 5"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains("has been already registered"));
        }
    }

    private static String awaitLine(LogCapture log, String part) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            for (String l : log.lines()) {
                if (l.contains(part)) {
                    return l;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line with '" + part + "' in " + log.lines());
    }
}
