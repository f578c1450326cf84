package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * looks where the wrapper installs (see {@link RealLlama#installedServer()}), and skips, saying how to install, if nothing is there.
 */
class RealLlamaServerTest {
    static RealLlama llama;
    static GatewayHarness gateway;
    /** Why the tests are skipped (reported on each test: a class-level skip shows as "Tests run: 0"), or null. */
    static String unavailable;

    @BeforeAll
    static void start() throws Exception {
        unavailable = RealLlama.unavailable();
        if (unavailable != null) {
            return;
        }
        llama = RealLlama.start("real-llama-server.log", "-c", "1024", "-t", "2");
        gateway = GatewayHarness.start(llama.url(), "gateway.defaults.tool-groups", "");
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
            llama.close();
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
    void officialOpenAiClientsChatAndStreamThroughTheAgentProfileAndThePassThrough() throws Exception {
        var client = OpenAiClients.client(gateway, "unused");
        String upstream = client.models().list().data().stream().map(m -> m.id()).filter(id -> id.contains("stories")).findFirst().orElseThrow();
        for (String model : new String[] {"hinksbot", upstream}) {
            var answer = client.chat().completions().create(com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                    .model(model).addUserMessage("Once upon a time").maxCompletionTokens(24).build());
            assertThat(answer.choices().get(0).message().content()).as(model).isPresent();
            assertThat(answer.usage().orElseThrow().completionTokens()).as(model).isPositive();
            StringBuilder streamed = new StringBuilder();
            try (var stream = client.chat().completions().createStreaming(com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                    .model(model).addUserMessage("The dog").maxCompletionTokens(24).build())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
            }
            assertThat(streamed).as(model).isNotEmpty();
        }
    }

    @Test
    void openaiNodeChatsAndStreamsThroughTheAgentProfileAndThePassThrough() throws Exception {
        Path dir = Path.of("src/test/node");
        assumeTrue(Files.isDirectory(dir.resolve("node_modules/openai")), "npm packages not installed in " + dir
                + " (npm ci --prefix src/test/node; .ci/run does)");
        String upstream = Json.parse(gateway.get("/v1/models").body()).path("data").findValuesAsText("id").stream()
                .filter(id -> id.contains("stories")).findFirst().orElseThrow();
        Process node = new ProcessBuilder("node", "openai-chat.mjs", gateway.baseUrl(), upstream).directory(dir.toFile())
                .redirectErrorStream(true).start();
        boolean ended = node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!ended) {
            node.destroyForcibly();
        }
        assertThat(ended).as(out).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        assertThat(out).contains("\"hinksbot\"", upstream);
    }

    @Test
    void healthAndModelsComeFromTheRealServer() throws Exception {
        JsonNode health = Json.parse(gateway.get("/api/v1/health").body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("model").asText()).contains("stories260K");
        JsonNode models = Json.parse(gateway.get("/api/v1/models").body());
        assertThat(models.path("models").get(0).path("id").asText()).contains("stories260K");
    }
}
