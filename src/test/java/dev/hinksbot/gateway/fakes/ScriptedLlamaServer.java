package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted stand-in for llama.cpp {@code llama-server} speaking its HTTP wire format
 * (see {@code /work/shared/notes/llama-server.md}). Each {@code POST /v1/chat/completions} consumes the next
 * enqueued {@link Reply}, or the default reply when the queue is empty.
 *
 * <p>Endpoints: {@code GET /health} (also {@code /v1/health}), {@code GET /v1/models} (also {@code /models}),
 * {@code GET /props}, {@code POST /tokenize}, {@code POST /v1/chat/completions} (also {@code /chat/completions}).
 * Anything else → 404 {@code not_found_error}. Invalid JSON → 400 {@code invalid_request_error}; a chat body
 * without a {@code messages} array → 400 as well.
 *
 * <p>Deviations from the real server, all deliberate:
 * <ul>
 *   <li>{@link Reply#hang()} in streaming mode writes an SSE comment {@code : ping\n\n} every 100 ms — the only way the
 *       JDK HttpServer notices that the client went away. llama-server never sends comments; SSE clients must ignore
 *       them anyway. A non-streaming hang cannot notice the client leaving; it ends when the server is closed.</li>
 *   <li>Usage: {@code prompt_tokens} = whitespace-separated words in the messages' text content;
 *       {@code completion_tokens} = number of streamed delta pieces after the role chunk (content/reasoning pieces
 *       and tool-call fragments; see {@link Pieces}). Timings are measured wall times of the fake itself.</li>
 *   <li>{@code total_slots} is 1 but requests are served concurrently.</li>
 * </ul>
 */
public final class ScriptedLlamaServer implements AutoCloseable {

    private static final Duration PING_EVERY = Duration.ofMillis(100);
    private static final Duration DROP_AFTER = Duration.ofMillis(50);
    private static final int N_CTX_TRAIN = 32768;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Reply> defaultReply = new AtomicReference<>(Reply.text("Hello from the fake."));
    /** When set, answers every request the queue does not (tests that answer by what was asked). */
    private final AtomicReference<java.util.function.Function<JsonNode, Reply>> responder = new AtomicReference<>();
    private final List<JsonNode> chatRequests = new ArrayList<>(); // guarded by itself
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger cancelledStreams = new AtomicInteger();
    private final AtomicLong completionIds = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final long startedAt = System.currentTimeMillis() / 1000;
    private volatile boolean loading;
    // Completed (and replaced) by setFrozen(false); requests arriving while frozen wait on it, unanswered.
    private volatile CompletableFuture<Void> thaw = CompletableFuture.completedFuture(null);
    private volatile int contextSize = 4096;
    private volatile String modelId = "fake-model.gguf";

    private ScriptedLlamaServer() throws IOException {
        AtomicInteger threadIds = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-llama-server-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on 127.0.0.1 with a random free port. */
    public static ScriptedLlamaServer start() {
        // Without TCP_NODELAY, small SSE writes can stall ~40 ms on Nagle + delayed ACK. Read once by the JDK
        // server on first use; only set when nobody chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            return new ScriptedLlamaServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues a reply for the next chat completion; replies are consumed in order. */
    public ScriptedLlamaServer enqueue(Reply reply) {
        replies.add(Objects.requireNonNull(reply, "reply"));
        return this;
    }

    /** Reply used when the queue is empty; initially {@code Reply.text("Hello from the fake.")}. */
    public void setDefaultReply(Reply reply) {
        defaultReply.set(Objects.requireNonNull(reply, "reply"));
    }

    /** Replies computed from each request (used when the queue is empty, before the default reply). */
    public void setResponder(java.util.function.Function<JsonNode, Reply> responder) {
        this.responder.set(responder);
    }

    /** JSON bodies of all chat requests received (including ones rejected while loading), in order. */
    public List<JsonNode> chatRequests() {
        synchronized (chatRequests) {
            return List.copyOf(chatRequests);
        }
    }

    /** The last chat request body, or null when none arrived yet. */
    public JsonNode lastChatRequest() {
        synchronized (chatRequests) {
            return chatRequests.isEmpty() ? null : chatRequests.get(chatRequests.size() - 1);
        }
    }

    /** While true, {@code /health} and chat completions answer 503 "Loading model"; {@code /v1/models} meta is null. */
    public void setLoading(boolean loading) {
        this.loading = loading;
    }

    /**
     * While true the server behaves like a SIGSTOP'd llama-server: connections are accepted (the kernel does that) but
     * no request — not even {@code /health} — gets any answer. {@code setFrozen(false)} lets the held requests go on.
     */
    public synchronized void setFrozen(boolean frozen) {
        if (frozen && thaw.isDone()) {
            thaw = new CompletableFuture<>();
        } else if (!frozen) {
            thaw.complete(null);
        }
    }

    private volatile boolean vision;

    /** {@code /props} {@code default_generation_settings.n_ctx} (default 4096). */
    public void setContextSize(int nCtx) {
        this.contextSize = nCtx;
    }

    /** {@code /props} {@code modalities.vision}: true as when llama-server runs with a multimodal projector. */
    public void setVision(boolean vision) {
        this.vision = vision;
    }

    /** Model id used in {@code /v1/models}, {@code /props model_path} and the chunks' {@code model}. */
    public void setModelId(String id) {
        this.modelId = Objects.requireNonNull(id, "id");
    }

    /** Streams whose headers were sent and that have not ended yet. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Streams that ended because a write to the client failed (client went away before the end). */
    public int cancelledStreams() {
        return cancelledStreams.get();
    }

    @Override
    public void close() {
        closing.countDown();
        thaw.complete(null);
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ routing

    private void handle(HttpExchange ex) throws IOException {
        // Not try-with-resources: closing the exchange would finish the chunked body, which DropConnection must avoid.
        try {
            thaw.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            ex.close();
            return;
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        byte[] body = ex.getRequestBody().readAllBytes();
        switch (method + " " + path) {
            case "GET /health", "GET /v1/health" -> health(ex);
            case "GET /v1/models", "GET /models" -> models(ex);
            case "GET /props" -> props(ex);
            case "POST /tokenize" -> tokenize(ex, body);
            case "POST /v1/chat/completions", "POST /chat/completions" -> chat(ex, body);
            case "POST /v1/embeddings" -> embeddings(ex, body);
            case "POST /v1/completions" -> textCompletion(ex, body);
            default -> sendError(ex, 404, "not_found_error", "File Not Found");
        }
        ex.close();
    }

    /** Bodies of requests to the other model endpoints ({@code /v1/embeddings}, {@code /v1/completions}), in order. */
    public List<JsonNode> requestsTo(String path) {
        synchronized (otherRequests) {
            return otherRequests.stream().filter(r -> r.path("_path").asText().equals(path)).toList();
        }
    }

    private final List<JsonNode> otherRequests = new java.util.ArrayList<>();

    private void record(String path, byte[] body) {
        ObjectNode copy;
        try {
            copy = (ObjectNode) json.readTree(body);
        } catch (Exception e) {
            copy = json.createObjectNode();
        }
        copy.put("_path", path);
        synchronized (otherRequests) {
            otherRequests.add(copy);
        }
    }

    private void embeddings(HttpExchange ex, byte[] body) throws IOException {
        record("/v1/embeddings", body);
        ObjectNode root = json.createObjectNode().put("object", "list").put("model", modelId);
        root.putArray("data").addObject().put("object", "embedding").put("index", 0).putArray("embedding").add(0.25).add(-0.5);
        root.putObject("usage").put("prompt_tokens", 2).put("total_tokens", 2);
        sendJson(ex, 200, root);
    }

    private void textCompletion(HttpExchange ex, byte[] body) throws IOException {
        record("/v1/completions", body);
        ObjectNode root = json.createObjectNode().put("id", "cmpl-fake").put("object", "text_completion").put("model", modelId)
                .put("created", startedAt);
        root.putArray("choices").addObject().put("index", 0).put("text", " once upon a time").put("finish_reason", "stop");
        sendJson(ex, 200, root);
    }

    private void health(HttpExchange ex) throws IOException {
        if (loading) {
            sendError(ex, 503, "unavailable_error", "Loading model");
        } else {
            sendJson(ex, 200, json.createObjectNode().put("status", "ok"));
        }
    }

    private void models(HttpExchange ex) throws IOException {
        ObjectNode root = json.createObjectNode().put("object", "list");
        ObjectNode model = root.putArray("data").addObject()
                .put("id", modelId).put("object", "model").put("owned_by", "llamacpp").put("created", startedAt);
        if (loading) {
            model.putNull("meta");
        } else {
            model.putObject("meta").put("vocab_type", 1).put("n_vocab", 32000).put("n_ctx_train", N_CTX_TRAIN)
                    .put("n_embd", 64).put("n_params", 260_000).put("size", 1_185_376);
        }
        sendJson(ex, 200, root);
    }

    private void props(HttpExchange ex) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode settings = root.putObject("default_generation_settings").put("id", 0).put("n_ctx", contextSize);
        settings.putObject("params").put("n_predict", -1).put("temperature", 0.8).put("top_p", 0.95)
                .put("stream", true);
        root.put("total_slots", 1)
                .put("model_path", modelId)
                .put("chat_template", "{% for message in messages %}{{ message.content }}{% endfor %}")
                .put("build_info", "b0-scripted-fake");
        root.putObject("modalities").put("vision", vision).put("audio", false);
        sendJson(ex, 200, root);
    }

    /** One token per word plus one per punctuation char; see {@link Pieces#tokenize(String)}. */
    private void tokenize(HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = parse(body);
        if (req == null || !req.path("content").isTextual()) {
            sendError(ex, 400, "invalid_request_error", "\"content\" must be provided");
            return;
        }
        List<Integer> tokens = new ArrayList<>();
        if (req.path("add_special").asBoolean(false)) {
            tokens.add(1); // BOS
        }
        tokens.addAll(Pieces.tokenize(req.get("content").asText()));
        ObjectNode root = json.createObjectNode();
        tokens.forEach(root.putArray("tokens")::add);
        sendJson(ex, 200, root);
    }

    // ------------------------------------------------------------------------------------------ chat

    private void chat(HttpExchange ex, byte[] body) throws IOException {
        long t0 = System.nanoTime();
        JsonNode req = parse(body);
        if (req != null) {
            synchronized (chatRequests) {
                chatRequests.add(req);
            }
        }
        if (loading) {
            sendError(ex, 503, "unavailable_error", "Loading model");
            return;
        }
        if (req == null || !req.isObject()) {
            sendError(ex, 400, "invalid_request_error", "Failed to parse request body as JSON");
            return;
        }
        if (!req.path("messages").isArray()) {
            sendError(ex, 400, "invalid_request_error", "'messages' is required");
            return;
        }
        Reply reply = replies.poll();
        java.util.function.Function<JsonNode, Reply> computed = responder.get();
        if (reply == null && computed != null) {
            reply = computed.apply(req);
        }
        if (reply == null) {
            reply = defaultReply.get();
        }
        if (reply instanceof Reply.HttpError e) {
            sendError(ex, e.status(), e.type(), e.message());
            return;
        }
        int promptTokens = promptTokens(req);
        if (req.path("stream").asBoolean(false)) {
            boolean includeUsage = req.path("stream_options").path("include_usage").asBoolean(false);
            new StreamRun(ex, newChunks(), promptTokens, includeUsage, t0).run(reply);
        } else {
            nonStream(ex, reply, promptTokens, t0);
        }
    }

    private void nonStream(HttpExchange ex, Reply reply, int promptTokens, long t0) throws IOException {
        Chunks chunks = newChunks();
        if (reply instanceof Reply.Completion c) {
            int pieces = deltas(chunks, c).size();
            double promptMs = millisSince(t0);
            long t1 = System.nanoTime();
            if (!pause(c.perChunk().multipliedBy(pieces))) return;
            var stats = new Chunks.Stats(promptTokens, pieces, promptMs, millisSince(t1));
            sendJson(ex, 200, chunks.completion(c, stats));
        } else if (reply instanceof Reply.MidStreamError m) {
            sendError(ex, 500, "server_error", m.message());
        } else if (reply instanceof Reply.Hang) {
            pause(Duration.ofDays(1)); // cannot notice the client leaving; ends on close()
        } else if (reply instanceof Reply.DropConnection) {
            throw new DropConnection();
        } else if (reply instanceof Reply.HttpError e) {
            sendError(ex, e.status(), e.type(), e.message());
        }
    }

    /** One streaming response. Counts itself in openStreams while running, in cancelledStreams if the client left. */
    private final class StreamRun {
        private final HttpExchange ex;
        private final Chunks chunks;
        private final int promptTokens;
        private final boolean includeUsage;
        private final long t0;

        StreamRun(HttpExchange ex, Chunks chunks, int promptTokens, boolean includeUsage, long t0) {
            this.ex = ex;
            this.chunks = chunks;
            this.promptTokens = promptTokens;
            this.includeUsage = includeUsage;
            this.t0 = t0;
        }

        void run(Reply reply) throws IOException {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0); // chunked
            openStreams.incrementAndGet();
            SseWriter sse = new SseWriter(json, ex.getResponseBody());
            try {
                sse.event(chunks.chunk(chunks.roleDelta(), null));
                if (reply instanceof Reply.Completion c) {
                    completion(sse, c);
                } else if (reply instanceof Reply.MidStreamError m) {
                    if (contentPieces(sse, m.partialContent())) {
                        sse.event(Chunks.error(json, 500, "server_error", m.message()));
                    }
                } else if (reply instanceof Reply.Hang) {
                    while (pause(PING_EVERY)) {
                        sse.comment("ping");
                    }
                } else if (reply instanceof Reply.DropConnection d) {
                    // The short pause lets the partial content reach the client in its own TCP segments before
                    // the close, so clients that drop buffered data on a broken body still see it most of the time.
                    if (contentPieces(sse, d.partialContent()) && pause(DROP_AFTER)) {
                        throw new DropConnection();
                    }
                } else {
                    throw new IllegalStateException("not a streamable reply: " + reply);
                }
            } catch (DropConnection e) {
                throw e;
            } catch (IOException e) {
                if (closing.getCount() > 0) {
                    cancelledStreams.incrementAndGet();
                }
            } finally {
                openStreams.decrementAndGet();
            }
        }

        private void completion(SseWriter sse, Reply.Completion c) throws IOException {
            double promptMs = millisSince(t0);
            long t1 = System.nanoTime();
            List<ObjectNode> deltas = deltas(chunks, c);
            for (ObjectNode delta : deltas) {
                if (!pause(c.perChunk())) return;
                sse.event(chunks.chunk(delta, null));
            }
            if (!pause(c.perChunk())) return;
            sse.event(chunks.chunk(json.createObjectNode(), c.finishReason()));
            if (includeUsage) {
                sse.event(chunks.usageChunk(new Chunks.Stats(promptTokens, deltas.size(), promptMs, millisSince(t1))));
            }
            sse.done();
        }

        /** Streams content pieces; false when the server is closing. */
        private boolean contentPieces(SseWriter sse, String content) throws IOException {
            for (String piece : Pieces.words(content)) {
                sse.event(chunks.chunk(chunks.contentDelta(piece), null));
            }
            return closing.getCount() > 0;
        }
    }

    /** The deltas after the role chunk: reasoning pieces, content pieces, then tool-call fragments. */
    private static List<ObjectNode> deltas(Chunks chunks, Reply.Completion c) {
        List<ObjectNode> out = new ArrayList<>();
        Pieces.words(c.reasoning()).forEach(p -> out.add(chunks.reasoningDelta(p)));
        Pieces.words(c.content()).forEach(p -> out.add(chunks.contentDelta(p)));
        List<ToolCallSpec> calls = c.toolCalls();
        List<List<String>> frags = calls.stream().map(call -> Pieces.fragments(call.argumentsJson())).toList();
        if (c.interleaveToolCalls()) {
            for (int i = 0; i < calls.size(); i++) {
                out.add(chunks.toolCallStartDelta(i, calls.get(i)));
            }
            int rounds = frags.stream().mapToInt(List::size).max().orElse(0);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < calls.size(); i++) {
                    if (r < frags.get(i).size()) out.add(chunks.toolCallArgsDelta(i, frags.get(i).get(r)));
                }
            }
        } else {
            for (int i = 0; i < calls.size(); i++) {
                out.add(chunks.toolCallStartDelta(i, calls.get(i)));
                for (String f : frags.get(i)) out.add(chunks.toolCallArgsDelta(i, f));
            }
        }
        return out;
    }

    /** Words in the messages' text content (string content, or the "text" of content parts). */
    private static int promptTokens(JsonNode req) {
        int n = 0;
        for (JsonNode msg : req.path("messages")) {
            JsonNode content = msg.path("content");
            if (content.isTextual()) {
                n += Pieces.wordCount(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) n += Pieces.wordCount(part.path("text").asText(""));
            }
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Chunks newChunks() {
        return new Chunks(json, "chatcmpl-fake" + completionIds.incrementAndGet(),
                System.currentTimeMillis() / 1000, modelId, "b0-scripted-fake");
    }

    /** Sleeps {@code d}; false when the server is closing (or the thread was interrupted). */
    private boolean pause(Duration d) {
        try {
            if (d.isZero() || d.isNegative()) return closing.getCount() > 0;
            return !closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) { // JsonProcessingException included
            return null;
        }
    }

    private void sendError(HttpExchange ex, int code, String type, String message) throws IOException {
        sendJson(ex, code, Chunks.error(json, code, type, message));
    }

    private void sendJson(HttpExchange ex, int status, JsonNode node) throws IOException {
        byte[] bytes = json.writeValueAsBytes(node);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000.0;
    }

    /**
     * Thrown out of the handler to make the JDK server close the socket without finishing the response
     * (no terminating chunk, no [DONE]).
     */
    private static final class DropConnection extends IOException {
        DropConnection() {
            super("scripted connection drop");
        }
    }
}
