package dev.hinksbot.gateway.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptedLlamaServerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private ScriptedLlamaServer fake;

    @BeforeEach
    void start() {
        fake = ScriptedLlamaServer.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    // ------------------------------------------------------------------ streaming

    @Test
    void streamedTextHasRoleChunkContentPiecesFinishAndDone() throws Exception {
        fake.enqueue(Reply.text("The quick brown fox."));

        List<String> data = streamData(chatBody(true, false));

        assertThat(data).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = parse(data.subList(0, data.size() - 1));
        JsonNode first = chunks.get(0);
        assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("model").asText()).isEqualTo("fake-model.gguf");
        assertThat(first.has("id") && first.has("created") && first.has("system_fingerprint")).isTrue();
        assertThat(first.at("/choices/0/index").asInt()).isZero();
        assertThat(first.at("/choices/0/delta").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":null}");
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("id")).isEqualTo(first.get("id")));

        assertThat(content(chunks)).isEqualTo("The quick brown fox.");
        assertThat(chunks.stream().filter(c -> c.at("/choices/0/delta").has("content")).count())
                .isGreaterThan(2);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/choices/0/delta").size()).isZero();
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue());
        assertThat(chunks).noneMatch(c -> c.has("usage"));
        assertThat(fake.openStreams()).isZero();
        assertThat(fake.cancelledStreams()).isZero();
    }

    @Test
    void usageChunkOnlyWhenRequested() throws Exception {
        fake.enqueue(Reply.text("one two three")).enqueue(Reply.text("one two three"));

        List<JsonNode> without = parse(dropDone(streamData(chatBody(true, false))));
        List<String> withData = streamData(chatBody(true, true));
        assertThat(withData).last().isEqualTo("[DONE]");
        List<JsonNode> with = parse(dropDone(withData));

        assertThat(without).noneMatch(c -> c.has("usage") || c.has("timings"));
        JsonNode usageChunk = with.get(with.size() - 1);
        assertThat(usageChunk.get("choices").size()).isZero();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(4); // "Say hello to me"
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(7);
        JsonNode timings = usageChunk.get("timings");
        assertThat(timings.get("prompt_n").asInt()).isEqualTo(4);
        assertThat(timings.get("predicted_n").asInt()).isEqualTo(3);
        assertThat(timings.get("cache_n").asInt()).isZero();
        assertThat(timings.get("prompt_ms").asDouble()).isPositive();
        assertThat(timings.get("predicted_ms").asDouble()).isPositive();
        assertThat(timings.get("predicted_per_second").asDouble()).isPositive();
        assertThat(with.get(with.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void toolCallFragmentsReassembleSequentialAndInterleaved() throws Exception {
        ToolCallSpec weather = new ToolCallSpec("call_1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        ToolCallSpec time = new ToolCallSpec("call_2", "get_time", "{\"tz\":\"Europe/Paris\"}");
        fake.enqueue(Reply.textThenToolCalls("Let me check.", weather, time));
        fake.enqueue(Reply.toolCalls(weather, time).interleaved());

        for (int round = 0; round < 2; round++) {
            List<String> data = streamData(chatBody(true, false));
            assertThat(data).last().isEqualTo("[DONE]");
            List<JsonNode> chunks = parse(dropDone(data));

            assertThat(content(chunks)).isEqualTo(round == 0 ? "Let me check." : "");
            Map<Integer, StringBuilder> args = new TreeMap<>();
            Map<Integer, List<JsonNode>> fragments = new TreeMap<>();
            for (JsonNode c : chunks) {
                for (JsonNode tc : c.at("/choices/0/delta/tool_calls")) {
                    int index = tc.get("index").asInt();
                    fragments.computeIfAbsent(index, i -> new ArrayList<>()).add(tc);
                    args.computeIfAbsent(index, i -> new StringBuilder())
                            .append(tc.at("/function/arguments").asText());
                }
            }
            assertThat(args.keySet()).containsExactly(0, 1);
            assertThat(args.get(0).toString()).isEqualTo(weather.argumentsJson());
            assertThat(args.get(1).toString()).isEqualTo(time.argumentsJson());
            for (var e : fragments.entrySet()) {
                ToolCallSpec spec = e.getKey() == 0 ? weather : time;
                JsonNode head = e.getValue().get(0);
                assertThat(head.get("id").asText()).isEqualTo(spec.id());
                assertThat(head.get("type").asText()).isEqualTo("function");
                assertThat(head.at("/function/name").asText()).isEqualTo(spec.name());
                assertThat(head.at("/function/arguments").asText()).isEmpty();
                assertThat(e.getValue().size() - 1).isBetween(2, 4);
                assertThat(e.getValue().subList(1, e.getValue().size()))
                        .allSatisfy(f -> assertThat(f.has("id") || f.has("type") || f.get("function").has("name"))
                                .isFalse());
            }
            assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        }
    }

    @Test
    void reasoningComesBeforeContent() throws Exception {
        fake.enqueue(Reply.reasoningThenText("Think about it first.", "Answer."));
        List<JsonNode> chunks = parse(dropDone(streamData(chatBody(true, false))));

        String reasoning = chunks.stream().map(c -> c.at("/choices/0/delta/reasoning_content").asText(""))
                .collect(Collectors.joining());
        assertThat(reasoning).isEqualTo("Think about it first.");
        assertThat(content(chunks)).isEqualTo("Answer.");
        int lastReasoning = -1;
        int firstContent = Integer.MAX_VALUE;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode d = chunks.get(i).at("/choices/0/delta");
            if (d.has("reasoning_content")) lastReasoning = i;
            if (d.path("content").isTextual()) firstContent = Math.min(firstContent, i);
        }
        assertThat(lastReasoning).isLessThan(firstContent);
    }

    @Test
    void lengthFinishReason() throws Exception {
        fake.enqueue(Reply.length("cut off here"));
        List<JsonNode> chunks = parse(dropDone(streamData(chatBody(true, false))));
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void midStreamErrorEndsWithoutDone() throws Exception {
        fake.enqueue(Reply.midStreamError("partial answer", "boom"));
        List<String> data = streamData(chatBody(true, true));

        assertThat(data).doesNotContain("[DONE]");
        JsonNode last = json.readTree(data.get(data.size() - 1));
        assertThat(last.toString())
                .isEqualTo("{\"error\":{\"code\":500,\"message\":\"boom\",\"type\":\"server_error\"}}");
        assertThat(content(parse(data.subList(0, data.size() - 1)))).isEqualTo("partial answer");
    }

    @Test
    void dropConnectionCutsTheStreamForHttpClient() throws Exception {
        fake.enqueue(Reply.dropConnection("some partial"));
        HttpResponse<InputStream> resp = http.send(chatRequest(chatBody(true, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);

        List<String> data = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (BufferedReader r = reader(resp.body())) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data: ")) data.add(line.substring(6));
                }
            }
        }).isInstanceOf(IOException.class);
        // The JDK client may discard already-received bytes when the body breaks, so only the absence is asserted.
        assertThat(data).doesNotContain("[DONE]");
        assertThat(fake.cancelledStreams()).isZero();
    }

    @Test
    void dropConnectionSendsPartialContentThenClosesWithoutTerminatingChunk() throws Exception {
        fake.enqueue(Reply.dropConnection("some partial"));
        String body = chatBody(true, false);
        String raw;
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until EOF
        }
        assertThat(raw).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(raw).contains("\"content\":\"some\"").contains("\"content\":\" partial\"");
        assertThat(raw).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
        assertThat(raw).doesNotEndWith("0\r\n\r\n"); // no terminating chunk: the body is broken
    }

    @Test
    void slowReplySleepsBetweenChunks() throws Exception {
        fake.enqueue(Reply.slow("a b c", Duration.ofMillis(50)));
        long t0 = System.nanoTime();
        List<String> data = streamData(chatBody(true, false));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(ms).isGreaterThanOrEqualTo(150); // 3 pieces + finish chunk, 50 ms each
    }

    @Test
    void hangUntilClientCancelsCountsCancelledStream() throws Exception {
        fake.enqueue(Reply.hang());
        HttpResponse<InputStream> resp = http.send(chatRequest(chatBody(true, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader r = reader(resp.body());
        String first = r.readLine();
        assertThat(first).startsWith("data: ");
        assertThat(json.readTree(first.substring(6)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(fake.openStreams()).isEqualTo(1);

        resp.body().close(); // client goes away

        await(fake::cancelledStreams, 1);
        await(fake::openStreams, 0);
    }

    @Test
    void closeEndsHangingStreams() throws Exception {
        fake.enqueue(Reply.hang());
        HttpResponse<InputStream> resp = http.send(chatRequest(chatBody(true, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(reader(resp.body()).readLine()).startsWith("data: ");
        long t0 = System.nanoTime();
        fake.close();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
        assertThat(fake.openStreams()).isZero();
        assertThat(fake.cancelledStreams()).isZero();
    }

    // ------------------------------------------------------------------ non-streaming

    @Test
    void nonStreamingCompletionWithReasoningAndToolCalls() throws Exception {
        fake.setModelId("other.gguf");
        fake.enqueue(Reply.reasoningThenText("hmm", "Done."));
        fake.enqueue(Reply.toolCalls(new ToolCallSpec("c1", "lookup", "{\"q\":\"x\"}")));

        HttpResponse<String> r1 = post("/v1/chat/completions", chatBody(false, false));
        assertThat(r1.statusCode()).isEqualTo(200);
        JsonNode b1 = json.readTree(r1.body());
        assertThat(b1.get("object").asText()).isEqualTo("chat.completion");
        assertThat(b1.get("model").asText()).isEqualTo("other.gguf");
        assertThat(b1.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(b1.at("/choices/0/message/content").asText()).isEqualTo("Done.");
        assertThat(b1.at("/choices/0/message/reasoning_content").asText()).isEqualTo("hmm");
        assertThat(b1.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(b1.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(b1.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(b1.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(b1.at("/timings/predicted_n").asInt()).isEqualTo(2);

        JsonNode b2 = json.readTree(post("/v1/chat/completions", chatBody(false, false)).body());
        assertThat(b2.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(b2.at("/choices/0/message/tool_calls/0").toString()).isEqualTo(
                "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}}");
        assertThat(b2.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void queueIsConsumedInOrderThenDefaultReplyAndRequestsAreRecorded() throws Exception {
        fake.enqueue(Reply.text("first"));
        assertThat(messageContent(post("/v1/chat/completions", chatBody(false, false)))).isEqualTo("first");
        assertThat(messageContent(post("/v1/chat/completions", chatBody(false, false))))
                .isEqualTo("Hello from the fake.");
        fake.setDefaultReply(Reply.text("new default"));
        assertThat(messageContent(post("/v1/chat/completions", chatBody(false, false)))).isEqualTo("new default");

        assertThat(fake.chatRequests()).hasSize(3);
        assertThat(fake.lastChatRequest().at("/messages/0/content").asText()).isEqualTo("Say hello to me");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorReplyHasStatusAndErrorBody() throws Exception {
        fake.enqueue(Reply.error(400, "exceed_context_size_error", "too long"));
        HttpResponse<String> resp = post("/v1/chat/completions", chatBody(true, false));
        assertThat(resp.statusCode()).isEqualTo(400);
        assertThat(resp.body())
                .isEqualTo("{\"error\":{\"code\":400,\"message\":\"too long\",\"type\":\"exceed_context_size_error\"}}");
    }

    @Test
    void nonStreamingMidStreamErrorIsA500() throws Exception {
        fake.enqueue(Reply.midStreamError("x", "boom"));
        HttpResponse<String> resp = post("/v1/chat/completions", chatBody(false, false));
        assertThat(resp.statusCode()).isEqualTo(500);
        assertThat(json.readTree(resp.body()).at("/error/type").asText()).isEqualTo("server_error");
    }

    @Test
    void loadingFlagMakesHealthAndChatAnswer503() throws Exception {
        fake.enqueue(Reply.text("kept for later"));
        fake.setLoading(true);
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body())
                .isEqualTo("{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
        HttpResponse<String> chat = post("/v1/chat/completions", chatBody(true, false));
        assertThat(chat.statusCode()).isEqualTo(503);
        assertThat(chat.body()).isEqualTo(health.body());
        assertThat(json.readTree(get("/v1/models").body()).at("/data/0/meta").isNull()).isTrue();

        fake.setLoading(false);
        HttpResponse<String> ok = get("/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(messageContent(post("/v1/chat/completions", chatBody(false, false)))).isEqualTo("kept for later");
    }

    @Test
    void unknownPathInvalidJsonAndMissingMessages() throws Exception {
        HttpResponse<String> notFound = get("/nope");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json.readTree(notFound.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(json.readTree(notFound.body()).at("/error/code").asInt()).isEqualTo(404);

        HttpResponse<String> bad = post("/v1/chat/completions", "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");

        assertThat(post("/v1/chat/completions", "{\"model\":\"x\"}").statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ metadata endpoints

    @Test
    void modelsPropsAndTokenize() throws Exception {
        fake.setModelId("stories.gguf");
        fake.setContextSize(2048);

        JsonNode models = json.readTree(get("/v1/models").body());
        assertThat(models.get("object").asText()).isEqualTo("list");
        JsonNode m = models.at("/data/0");
        assertThat(m.get("id").asText()).isEqualTo("stories.gguf");
        assertThat(m.get("object").asText()).isEqualTo("model");
        assertThat(m.get("owned_by").asText()).isEqualTo("llamacpp");
        assertThat(m.get("created").asLong()).isPositive();
        assertThat(m.at("/meta/n_ctx_train").asInt()).isPositive();

        JsonNode props = json.readTree(get("/props").body());
        assertThat(props.at("/default_generation_settings/n_ctx").asInt()).isEqualTo(2048);
        assertThat(props.get("total_slots").asInt()).isEqualTo(1);
        assertThat(props.get("model_path").asText()).isEqualTo("stories.gguf");

        HttpResponse<String> tok = post("/tokenize", "{\"content\":\"Hello, world! How are you?\",\"add_special\":false}");
        assertThat(tok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(tok.body()).get("tokens").size()).isEqualTo(8); // 5 words + 3 punctuation
        JsonNode again = json.readTree(post("/tokenize", "{\"content\":\"Hello, world! How are you?\"}").body());
        assertThat(again).isEqualTo(json.readTree(tok.body()));
        assertThat(Pieces.tokenize("Hello, world! How are you?")).hasSize(8);
    }

    // ------------------------------------------------------------------ helpers

    private String chatBody(boolean stream, boolean includeUsage) {
        ObjectNode body = json.createObjectNode().put("model", "anything").put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "Say hello to me");
        if (includeUsage) body.putObject("stream_options").put("include_usage", true);
        return body.toString();
    }

    private HttpRequest chatRequest(String body) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The payloads of all {@code data:} lines of a streamed chat completion. */
    private List<String> streamData(String body) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> resp = http.send(chatRequest(body),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (var lines = resp.body()) {
            return lines.filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        }
    }

    private List<String> dropDone(List<String> data) {
        assertThat(data).last().isEqualTo("[DONE]");
        return data.subList(0, data.size() - 1);
    }

    private List<JsonNode> parse(List<String> data) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String d : data) out.add(json.readTree(d));
        return out;
    }

    private static String content(List<JsonNode> chunks) {
        return chunks.stream().map(c -> c.at("/choices/0/delta/content"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).collect(Collectors.joining());
    }

    private String messageContent(HttpResponse<String> resp) throws IOException {
        assertThat(resp.statusCode()).isEqualTo(200);
        return json.readTree(resp.body()).at("/choices/0/message/content").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static void await(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsInt()).isEqualTo(expected);
    }
}
