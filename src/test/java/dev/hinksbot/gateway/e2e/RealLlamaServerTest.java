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
import org.junit.jupiter.api.Test;

/**
 * The gateway against a real llama.cpp llama-server (../shared/tools/llama-server with the 260K-parameter
 * stories model). The model's text is nonsense, so these assert the protocol, not the words.
 */
class RealLlamaServerTest {
    static final Path LLAMA = Path.of("../shared/tools/llama-server");
    static final Path MODEL = Path.of("../shared/models/stories260K.gguf");
    static Process llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(LLAMA) && Files.isRegularFile(MODEL),
                "skipped: no real llama-server at " + LLAMA.toAbsolutePath() + " (CI always has one)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        llama = new ProcessBuilder(LLAMA.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                "-m", MODEL.toString(), "-c", "1024", "-t", "2")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "real-llama-server.log").toFile())
                .start();
        String url = "http://127.0.0.1:" + port;
        awaitHealthy(url);
        gateway = GatewayHarness.start(url, "gateway.defaults.tool-groups", "");
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
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
        throw new IllegalStateException("llama-server did not become healthy within 30 s");
    }
}
