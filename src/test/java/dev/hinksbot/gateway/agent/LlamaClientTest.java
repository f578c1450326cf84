package dev.hinksbot.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LlamaClientTest {

    private ScriptedLlamaServer fake;
    private LlamaClient client;

    @BeforeEach
    void start() {
        fake = ScriptedLlamaServer.start();
        client = client(fake.baseUrl(), null, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    static LlamaClient client(String baseUrl, String apiKey, Duration idle) {
        return new LlamaClient(new LlamaClient.Settings(baseUrl, apiKey, Duration.ofSeconds(2), Duration.ofSeconds(10), idle));
    }

    static ChatRequest request(String user) {
        return new ChatRequest(null, List.of(ChatMessage.system("Be brief."), ChatMessage.user(user)), List.of(), null);
    }

    static void await(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static final class Recorder implements StreamAssembler.DeltaListener {
        final List<String> content = new CopyOnWriteArrayList<>();
        final List<String> reasoning = new CopyOnWriteArrayList<>();

        @Override
        public void onContent(String delta) {
            content.add(delta);
        }

        @Override
        public void onReasoning(String delta) {
            reasoning.add(delta);
        }
    }

    // ------------------------------------------------------------------ streaming

    @Test
    void streamsTextDeltasInOrderUntilDone() throws Exception {
        fake.enqueue(Reply.text("The quick brown fox jumps over the lazy dog."));
        Recorder rec = new Recorder();

        ModelTurn turn = client.stream(request("hi"), rec, new CancelSignal());

        assertThat(rec.content.size()).isGreaterThan(3);
        assertThat(String.join("", rec.content)).isEqualTo("The quick brown fox jumps over the lazy dog.");
        assertThat(turn.content()).isEqualTo("The quick brown fox jumps over the lazy dog.");
        assertThat(turn.finishReason()).isEqualTo("stop");
        assertThat(turn.model()).isEqualTo("fake-model.gguf");
        assertThat(fake.openStreams()).isZero();
    }

    @Test
    void requestAsksForStreamingWithUsageAndPassesToolsAndMessages() throws Exception {
        JsonNode schema = Json.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}");
        ChatRequest req = new ChatRequest("my-model", List.of(ChatMessage.system("S"), ChatMessage.user("U")), List.of(schema), 64);

        client.stream(req, StreamAssembler.DeltaListener.NONE, new CancelSignal());

        JsonNode body = fake.lastChatRequest();
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.get("model").asText()).isEqualTo("my-model");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.get("tools").get(0)).isEqualTo(schema);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("S");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("U");
    }

    @Test
    void noToolsMeansNoToolsField() throws Exception {
        client.stream(request("hi"), StreamAssembler.DeltaListener.NONE, new CancelSignal());
        assertThat(fake.lastChatRequest().has("tools")).isFalse();
    }

    @Test
    void toolCallsAreAssembledFromInterleavedFragments() throws Exception {
        fake.enqueue(Reply.toolCalls(
                new ToolCallSpec("call_1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                new ToolCallSpec("call_2", "read_file", "{\"path\":\"notes/today.md\"}")).interleaved());

        ModelTurn turn = client.stream(request("weather?"), StreamAssembler.DeltaListener.NONE, new CancelSignal());

        assertThat(turn.finishReason()).isEqualTo("tool_calls");
        assertThat(turn.toolCalls()).containsExactly(
                new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                new ToolCall("call_2", "read_file", "{\"path\":\"notes/today.md\"}"));
    }

    @Test
    void reasoningIsStreamedSeparatelyFromContent() throws Exception {
        fake.enqueue(Reply.reasoningThenText("First I think hard.", "Answer: 42."));
        Recorder rec = new Recorder();

        ModelTurn turn = client.stream(request("q"), rec, new CancelSignal());

        assertThat(String.join("", rec.reasoning)).isEqualTo("First I think hard.");
        assertThat(String.join("", rec.content)).isEqualTo("Answer: 42.");
        assertThat(turn.reasoning()).isEqualTo("First I think hard.");
        assertThat(turn.content()).isEqualTo("Answer: 42.");
    }

    @Test
    void usageAndTimingsAreRead() throws Exception {
        fake.enqueue(Reply.text("one two three"));

        ModelTurn turn = client.stream(
                new ChatRequest(null, List.of(ChatMessage.user("alpha beta gamma delta")), List.of(), null),
                StreamAssembler.DeltaListener.NONE, new CancelSignal());

        // The fake counts prompt words and streamed pieces.
        assertThat(turn.usage().promptTokens()).isEqualTo(4);
        assertThat(turn.usage().completionTokens()).isEqualTo(3);
        assertThat(turn.usage().upstreamMs()).isGreaterThanOrEqualTo(0);
        assertThat(turn.usage()).isNotEqualTo(Usage.NONE);
    }

    @Test
    void lengthFinishIsReported() throws Exception {
        fake.enqueue(Reply.length("cut off"));
        assertThat(client.stream(request("x"), StreamAssembler.DeltaListener.NONE, new CancelSignal()).finishReason())
                .isEqualTo("length");
    }

    // ------------------------------------------------------------------ errors

    private ModelException streamFailure() {
        AtomicReference<ModelException> caught = new AtomicReference<>();
        assertThatThrownBy(() -> client.stream(request("x"), StreamAssembler.DeltaListener.NONE, new CancelSignal()))
                .isInstanceOfSatisfying(ModelException.class, caught::set);
        return caught.get();
    }

    @Test
    void loadingModelIsModelLoading() {
        fake.setLoading(true);
        ModelException e = streamFailure();
        assertThat(e.code()).isEqualTo("model_loading");
        assertThat(e.upstreamStatus()).isEqualTo(503);
    }

    @Test
    void serverErrorIsModelError() {
        fake.enqueue(Reply.error(500, "server_error", "boom"));
        ModelException e = streamFailure();
        assertThat(e.code()).isEqualTo("model_error");
        assertThat(e.getMessage()).contains("boom");
    }

    @Test
    void contextOverflowIsContextExceeded() {
        fake.enqueue(Reply.error(400, "exceed_context_size_error", "request (5000 tokens) exceeds the available context size (4096 tokens)"));
        ModelException e = streamFailure();
        assertThat(e.code()).isEqualTo("context_exceeded");
        assertThat(e.getMessage()).contains("4096");
    }

    @Test
    void badRequestIsModelBadRequest() {
        fake.enqueue(Reply.error(400, "invalid_request_error", "tools need --jinja"));
        assertThat(streamFailure().code()).isEqualTo("model_bad_request");
    }

    @Test
    void unauthorizedIsModelAuthFailed() {
        fake.enqueue(Reply.error(401, "authentication_error", "Invalid API Key"));
        assertThat(streamFailure().code()).isEqualTo("model_auth_failed");
    }

    @Test
    void connectionRefusedIsModelUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (LlamaClient down = client("http://127.0.0.1:" + port, null, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> down.stream(request("x"), StreamAssembler.DeltaListener.NONE, new CancelSignal()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.code()).isEqualTo("model_unavailable");
                        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                    });
            assertThat(down.health().status()).isEqualTo("unreachable");
            assertThatThrownBy(down::props).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.code()).isEqualTo("model_unavailable"));
        }
    }

    @Test
    void midStreamErrorIsModelErrorAfterPartialDeltas() {
        fake.enqueue(Reply.midStreamError("Once upon a time", "slot failed"));
        Recorder rec = new Recorder();
        assertThatThrownBy(() -> client.stream(request("x"), rec, new CancelSignal()))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.code()).isEqualTo("model_error");
                    assertThat(e.getMessage()).contains("slot failed");
                });
        assertThat(String.join("", rec.content)).isEqualTo("Once upon a time");
    }

    @Test
    void droppedConnectionIsModelErrorNotAHang() {
        fake.enqueue(Reply.dropConnection("Once upon a"));
        long t0 = System.nanoTime();
        assertThat(streamFailure().code()).isEqualTo("model_error");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void hangIsModelTimeoutAfterTheIdleTimeout() {
        fake.enqueue(Reply.hang());
        try (LlamaClient impatient = client(fake.baseUrl(), null, Duration.ofMillis(500))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> impatient.stream(request("x"), StreamAssembler.DeltaListener.NONE, new CancelSignal()))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.code()).isEqualTo("model_timeout"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void cancelFromAnotherThreadAbortsTheStreamAndClosesTheUpstreamConnection() throws Exception {
        fake.enqueue(Reply.hang());
        CancelSignal cancel = new CancelSignal();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                client.stream(request("x"), StreamAssembler.DeltaListener.NONE, cancel);
                outcome.set(new AssertionError("stream returned normally"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        runner.start();
        await(() -> fake.openStreams() == 1, Duration.ofSeconds(3), "stream opened");

        long t0 = System.nanoTime();
        cancel.cancel();
        runner.join(2000);
        assertThat(runner.isAlive()).as("stream still blocked after cancel").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(outcome.get()).isInstanceOf(CancelledException.class);

        await(() -> fake.cancelledStreams() == 1 && fake.openStreams() == 0, Duration.ofSeconds(2), "upstream closed");
    }

    @Test
    void alreadyCancelledSignalNeverReturnsAnAnswer() {
        CancelSignal cancel = new CancelSignal();
        cancel.cancel();
        assertThatThrownBy(() -> client.stream(request("x"), StreamAssembler.DeltaListener.NONE, cancel))
                .isInstanceOf(CancelledException.class);
    }

    // ------------------------------------------------------------------ other endpoints

    @Test
    void completeIsNonStreaming() throws Exception {
        fake.enqueue(Reply.textThenToolCalls("Checking.", new ToolCallSpec("c1", "get_weather", "{\"city\":\"Oslo\"}")));

        ModelTurn turn = client.complete(request("weather"), new CancelSignal());

        assertThat(fake.lastChatRequest().get("stream").asBoolean()).isFalse();
        assertThat(fake.lastChatRequest().has("stream_options")).isFalse();
        assertThat(turn.content()).isEqualTo("Checking.");
        assertThat(turn.toolCalls()).containsExactly(new ToolCall("c1", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(turn.finishReason()).isEqualTo("tool_calls");
        assertThat(turn.usage().promptTokens()).isGreaterThan(0);
    }

    @Test
    void completeMapsErrors() {
        fake.enqueue(Reply.error(400, "exceed_context_size_error", "too long"));
        assertThatThrownBy(() -> client.complete(request("x"), new CancelSignal()))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.code()).isEqualTo("context_exceeded"));
    }

    @Test
    void healthReportsOkAndLoading() {
        assertThat(client.health().status()).isEqualTo("ok");
        assertThat(client.health().ok()).isTrue();
        fake.setLoading(true);
        assertThat(client.health().status()).isEqualTo("loading");
        assertThat(client.health().ok()).isFalse();
    }

    @Test
    void propsReadsContextSize() throws Exception {
        fake.setContextSize(8192);
        fake.setModelId("qwen.gguf");
        LlamaClient.Props props = client.props();
        assertThat(props.contextSize()).isEqualTo(8192);
        assertThat(props.modelPath()).isEqualTo("qwen.gguf");
        assertThat(props.totalSlots()).isEqualTo(1);
    }

    @Test
    void modelsListsTheModel() throws Exception {
        assertThat(client.models().at("/data/0/id").asText()).isEqualTo("fake-model.gguf");
    }

    @Test
    void tokenCountUsesTokenize() throws Exception {
        assertThat(client.tokenCount("hello big world")).isEqualTo(3);
        assertThat(client.tokenCount("")).isZero();
    }

    @Test
    void apiKeyIsSentAsBearerWhenConfiguredAndNotOtherwise() throws Exception {
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getRequestBody().readAllBytes();
            byte[] body = "{\"tokens\":[1,2]}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (LlamaClient withKey = client(url, "s3cret", Duration.ofSeconds(5));
             LlamaClient withoutKey = client(url, null, Duration.ofSeconds(5))) {
            assertThat(withKey.health().ok()).isTrue();
            assertThat(withKey.tokenCount("a b")).isEqualTo(2);
            assertThat(withoutKey.health().ok()).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(auth).containsExactly("Bearer s3cret", "Bearer s3cret", "null");
    }
}
