package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a real llama.cpp llama-server (../shared/tools/llama-server with the 260K-parameter
 * stories model). The model's text is nonsense, so these assert the protocol, not the words.
 * <p>
 * The test starts the installed server directly, never the wrapper: on a fresh machine the wrapper first downloads
 * and unpacks llama-server, which must not happen inside the start-up deadline (nor in a test at all). `.ci/run`
 * installs it before the tests and passes its path in {@code HINKSBOT_LLAMA_SERVER}; without that variable the test
 * looks where the wrapper installs (see {@link #installedServer()}), and skips, saying how to install, if nothing is there.
 */
class RealLlamaServerTest {
    static final Path WRAPPER = Path.of("../shared/tools/llama-server");
    static final Path MODEL = Path.of("../shared/models/stories260K.gguf");
    /** Covers only llama-server's own start-up (loading a 1 MB model): installing happens before the tests. */
    static final Duration STARTUP_DEADLINE = Duration.ofSeconds(30);
    static Process llama;
    static GatewayHarness gateway;
    /** Why the tests are skipped (reported on each test: a class-level skip shows as "Tests run: 0"), or null. */
    static String unavailable;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(WRAPPER) || !Files.isRegularFile(MODEL)) {
            unavailable = "skipped: no real llama-server at " + WRAPPER.toAbsolutePath() + " (CI always has one)";
            return;
        }
        Path server = installedServer();
        if (server == null) {
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        llama = new ProcessBuilder(server.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                "-m", MODEL.toString(), "-c", "1024", "-t", "2")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "real-llama-server.log").toFile())
                .start();
        String url = "http://127.0.0.1:" + port;
        awaitHealthy(url);
        gateway = GatewayHarness.start(url, "gateway.defaults.tool-groups", "");
    }

    /**
     * The launcher the wrapper installed (null, with {@link #unavailable} set, if there is none): {@code HINKSBOT_LLAMA_SERVER} (set by `.ci/run` from the wrapper's
     * {@code --install-only} output; then it must exist), else the wrapper's install place
     * ({@code $LLAMA_SERVER_HOME}, or {@code ${XDG_CACHE_HOME:-$HOME/.cache}/llama-server-deb}, + /llama-server).
     */
    static Path installedServer() {
        String fromCi = System.getenv("HINKSBOT_LLAMA_SERVER");
        if (fromCi != null && !fromCi.isBlank()) {
            Path p = Path.of(fromCi);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("HINKSBOT_LLAMA_SERVER=" + fromCi + " is not an executable llama-server"
                        + " launcher; run ../shared/tools/llama-server --install-only and pass what it prints");
            }
            return p;
        }
        String home = System.getenv("LLAMA_SERVER_HOME");
        if (home == null || home.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            home = (cache == null || cache.isBlank() ? System.getProperty("user.home") + "/.cache" : cache) + "/llama-server-deb";
        }
        Path launcher = Path.of(home, "llama-server");
        if (!Files.isExecutable(launcher)) {
            unavailable = "skipped: llama-server is not installed (no " + launcher + "); run"
                    + " ../shared/tools/llama-server --install-only first (.ci/run does), so installing never counts"
                    + " against the test's start-up deadline";
            return null;
        }
        return launcher;
    }

    @BeforeEach
    void needsTheServer() {
        assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (llama != null) {
            llama.destroyForcibly();
        }
    }

    @Test
    void streamsARealAnswerAndStoresIt() throws Exception {
        try (WsTestClient ws = gateway.connect("real-llama")) {
            ws.sendUserMessage("Once upon a time");
            ws.awaitType("stream_start");
            ws.awaitType("content_block_delta");
            JsonNode end = ws.await(f -> f.path("type").asText().equals("stream_end"), Duration.ofSeconds(60));
            assertThat(end.path("stop_reason").asText()).isIn("stop", "length");
            assertThat(end.path("usage").path("prompt_tokens").asInt()).isPositive();
            assertThat(end.path("usage").path("completion_tokens").asInt()).isPositive();
            long deltas = ws.seen().stream().filter(f -> f.path("type").asText().equals("content_block_delta")).count();
            assertThat(deltas).isGreaterThan(1);
        }
        JsonNode messages = Json.parse(gateway.get("/api/v1/sessions/real-llama/messages").body()).path("messages");
        assertThat(messages).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant");
        assertThat(messages.get(1).path("status").asText()).isEqualTo("complete");
        assertThat(messages.get(1).path("content").asText()).isNotEmpty();
    }

    @Test
    void stopCancelsARealGeneration() throws Exception {
        try (WsTestClient ws = gateway.connect("real-llama-stop")) {
            ws.sendUserMessage("Tell me a very long story");
            ws.awaitType("content_block_delta");
            ws.send("{\"type\":\"stop\"}");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isIn("cancelled", "length", "stop");
        }
    }

    @Test
    void healthAndModelsComeFromTheRealServer() throws Exception {
        JsonNode health = Json.parse(gateway.get("/api/v1/health").body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("model").asText()).contains("stories260K");
        JsonNode models = Json.parse(gateway.get("/api/v1/models").body());
        assertThat(models.path("models").get(0).path("id").asText()).contains("stories260K");
    }

    private static void awaitHealthy(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!llama.isAlive()) {
                throw new IllegalStateException("llama-server exited: " + List.of(Files.readString(Path.of("target", "real-llama-server.log"))));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("llama-server did not become healthy within " + STARTUP_DEADLINE.toSeconds()
                + " s of starting (installing is not part of this; see target/real-llama-server.log)");
    }
}
