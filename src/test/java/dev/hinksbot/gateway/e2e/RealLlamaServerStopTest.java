package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real llama-server frozen with SIGSTOP (its port still accepts, nothing answers): new runs fail within 5 s with
 * model_unavailable, and after SIGCONT a run succeeds again. Its own llama-server, since freezing one would stall
 * the other real-server tests.
 */
class RealLlamaServerStopTest {
    static RealLlama llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RealLlama.unavailable() == null, RealLlama.unavailable());
        llama = RealLlama.start("real-llama-server-stop.log", "-c", "1024", "-t", "1");
        gateway = GatewayHarness.start(llama.url(), "gateway.defaults.tool-groups", "",
                "gateway.llama.breaker.probe-interval", "1s", "gateway.llama.breaker.probe-timeout", "1s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (llama != null) {
            signal("CONT");
            llama.close();
        }
    }

    private static void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(llama.pid())).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStoppedLlamaServerFailsNewRunsWithinFiveSecondsAndRecoversAfterCont() throws Exception {
        try (WsTestClient ws = gateway.connect("sigstop")) {
            ws.send("{\"type\":\"user_message\",\"content\":\"Once upon a time\",\"max_tokens\":8}");
            assertThat(ws.await(f -> f.path("type").asText().equals("stream_end"), Duration.ofSeconds(60))
                    .path("stop_reason").asText()).isIn("stop", "length");

            signal("STOP");
            try {
                long t0 = System.nanoTime();
                ws.sendUserMessage("Once upon a time");
                awaitError(ws, "model_unavailable", Duration.ofSeconds(10));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                ws.awaitType("stream_end");
            } finally {
                signal("CONT");
            }
            awaitTrue(() -> {
                try {
                    return gateway.get("/api/v1/health").body().contains("\"ok\"");
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(15), "health is ok again after SIGCONT");
            awaitTrue(() -> {
                try {
                    return gateway.post("/v1/chat/completions", "{\"model\":\"hinksbot\",\"max_tokens\":8,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Once\"}]}").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(20), "a run succeeds after SIGCONT");
        }
    }
}
