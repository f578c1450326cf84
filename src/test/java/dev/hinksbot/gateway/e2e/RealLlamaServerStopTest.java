package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static Process llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        Path server = RealLlamaServerTest.installedServer();
        assumeTrue(server != null && Files.isRegularFile(RealLlamaServerTest.MODEL), RealLlamaServerTest.unavailable);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        llama = new ProcessBuilder(server.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                "-m", RealLlamaServerTest.MODEL.toString(), "-c", "1024", "-t", "1")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "real-llama-server-stop.log").toFile())
                .start();
        String url = "http://127.0.0.1:" + port;
        awaitHealthy(url);
        gateway = GatewayHarness.start(url, "gateway.defaults.tool-groups", "",
                "gateway.llama.breaker.probe-interval", "1s", "gateway.llama.breaker.probe-timeout", "1s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (llama != null) {
            signal("CONT");
            llama.destroyForcibly();
        }
    }

    private static void awaitHealthy(String url) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && llama.isAlive()) {
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("llama-server did not become healthy; see target/real-llama-server-stop.log");
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
