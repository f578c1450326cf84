package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Durations;
import dev.hinksbot.gateway.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The llama-server wire (OpenAI chat completions plus llama.cpp's own endpoints), written by hand because
 * getting it exactly right is ours: fragments, reasoning, usage from any chunk, mid-stream errors,
 * idle timeouts and cancellation that closes the upstream connection.
 */
public final class LlamaClient implements AutoCloseable {
    public record Settings(String baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, Duration idleTimeout) {
    }

    /** What `/health` says, reduced to three states the gateway shows. */
    public record Health(String status, String message) {
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    /** Selected facts from `/props`. */
    public record Props(int contextSize, String modelPath, int totalSlots) {
    }

    private final Settings settings;
    private final ModelBreaker breaker;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;

    public LlamaClient(Settings settings) {
        this(settings, ModelBreaker.standard());
    }

    /** {@code breaker} is shared with whatever else calls llama-server (the pass-through) and fed by health checks. */
    public LlamaClient(Settings settings, ModelBreaker breaker) {
        this.settings = settings;
        this.breaker = breaker;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llama-idle-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public String baseUrl() {
        return settings.baseUrl();
    }

    public ModelBreaker breaker() {
        return breaker;
    }

    /** Streams a chat completion, calling {@code listener} per delta. Cancellation closes the upstream stream. */
    public ModelTurn stream(ChatRequest request, StreamAssembler.DeltaListener listener, CancelSignal cancel)
            throws ModelException, CancelledException {
        StreamAssembler assembler = new StreamAssembler(listener);
        HttpResponse<InputStream> response = send(post("/v1/chat/completions", Json.write(request.toJson(true))), cancel);
        if (response.statusCode() != 200) {
            throw LlamaErrors.fromResponse(response.statusCode(), readQuietly(response.body()));
        }
        InputStream body = response.body();
        AtomicBoolean idleTimedOut = new AtomicBoolean();
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        long idleNanos = settings.idleTimeout().toNanos();
        ScheduledFuture<?> idleCheck = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastActivity.get() > idleNanos && idleTimedOut.compareAndSet(false, true)) {
                closeQuietly(body);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try (AutoCloseable ignored = cancel.onCancel(() -> closeQuietly(body));
             BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // blank separators, SSE comments (keep-alive pings are not progress), `event:` lines
                }
                lastActivity.set(System.nanoTime());
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    return assembler.result();
                }
                if (data.isEmpty()) {
                    continue;
                }
                JsonNode chunk;
                try {
                    chunk = Json.parse(data);
                } catch (IOException e) {
                    throw new ModelException(ModelError.MODEL_ERROR, "llama-server sent a malformed stream event");
                }
                assembler.accept(chunk);
            }
            // Older builds and proxies may end without [DONE]; a finish reason is proof the answer is whole.
            if (assembler.finished()) {
                return assembler.result();
            }
            throw new IOException("stream ended before the answer was finished");
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                throw new CancelledException();
            }
            if (idleTimedOut.get()) {
                breaker.callFailed("llama-server stalled mid-answer for " + Durations.human(settings.idleTimeout()));
                throw new ModelException(ModelError.MODEL_TIMEOUT,
                        "llama-server sent nothing for " + Durations.human(settings.idleTimeout()) + " and the answer was abandoned");
            }
            throw new ModelException(ModelError.MODEL_ERROR, "llama-server's stream broke off: " + e.getMessage());
        } catch (ModelException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelException(ModelError.MODEL_ERROR, "llama-server's stream failed: " + e.getMessage());
        } finally {
            idleCheck.cancel(false);
            closeQuietly(body);
        }
    }

    /** A non-streaming chat completion. */
    public ModelTurn complete(ChatRequest request, CancelSignal cancel) throws ModelException, CancelledException {
        HttpResponse<InputStream> response = send(post("/v1/chat/completions", Json.write(request.toJson(false))), cancel);
        String text = readQuietly(response.body());
        if (response.statusCode() != 200) {
            throw LlamaErrors.fromResponse(response.statusCode(), text);
        }
        try {
            JsonNode root = Json.parse(text);
            JsonNode choice = root.path("choices").path(0);
            JsonNode message = choice.path("message");
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                calls.add(new ToolCall(call.path("id").asText("call_" + calls.size()),
                        call.path("function").path("name").asText(""),
                        call.path("function").path("arguments").asText("")));
            }
            Usage usage = Usage.from(root.get("usage"), root.get("timings"), Usage.NONE);
            return new ModelTurn(message.path("content").asText(""), message.path("reasoning_content").asText(""),
                    calls, choice.path("finish_reason").asText(null), usage, root.path("model").asText(null));
        } catch (IOException e) {
            throw new ModelException(ModelError.MODEL_ERROR, "llama-server sent a malformed answer");
        }
    }

    /** `/health`: ok, loading, or down (never throws), waiting at most the connect timeout. Feeds the breaker. */
    public Health health() {
        return health(settings.connectTimeout());
    }

    /** `/health` with its own deadline (the health watch probes with a short one). Feeds the breaker. */
    public Health health(Duration timeout) {
        try {
            HttpResponse<String> r = http.send(get("/health").timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                breaker.healthy();
                return new Health("ok", "llama-server is ready");
            }
            if (r.statusCode() == 503) {
                breaker.healthy(); // it answers: runs get a quick model_loading from llama-server itself
                return new Health("loading", "llama-server is loading its model");
            }
            breaker.unhealthy("llama-server /health answered HTTP " + r.statusCode());
            return new Health("error", "llama-server /health answered HTTP " + r.statusCode());
        } catch (HttpTimeoutException e) {
            breaker.unhealthy("llama-server did not answer /health within " + Durations.human(timeout));
            return new Health("unreachable", "llama-server is not reachable at " + settings.baseUrl()
                    + " (no answer to /health within " + Durations.human(timeout) + ")");
        } catch (IOException e) {
            breaker.unhealthy("llama-server is not reachable (" + (e instanceof ConnectException ? "connection refused" : e.getMessage()) + ")");
            return new Health("unreachable", "llama-server is not reachable at " + settings.baseUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health("unreachable", "interrupted");
        }
    }

    public Props props() throws ModelException {
        JsonNode root = getJson("/props");
        return new Props(root.path("default_generation_settings").path("n_ctx").asInt(0),
                root.path("model_path").asText(""), root.path("total_slots").asInt(1));
    }

    /** Whether llama-server takes images: `/props` `modalities.vision` (it runs with a multimodal projector). */
    public boolean vision() throws ModelException {
        return getJson("/props").path("modalities").path("vision").asBoolean(false);
    }

    /** `/v1/models` as llama-server returns it. */
    public JsonNode models() throws ModelException {
        return getJson("/v1/models");
    }

    /** The prompt llama-server renders for {@code request} with the model's chat template (`/apply-template`). */
    public String applyTemplate(ChatRequest request) throws ModelException {
        ObjectNode body = request.toJson(false);
        body.remove("stream");
        try {
            HttpResponse<InputStream> r = send(post("/apply-template", Json.write(body)), new CancelSignal());
            String answer = readQuietly(r.body());
            if (r.statusCode() != 200) {
                throw LlamaErrors.fromResponse(r.statusCode(), answer);
            }
            return Json.parse(answer).path("prompt").asText();
        } catch (CancelledException | IOException e) {
            throw new ModelException(ModelError.MODEL_ERROR, "llama-server /apply-template failed");
        }
    }

    /** Exact token count of {@code text} from `/tokenize`. */
    public int tokenCount(String text) throws ModelException {
        String body = Json.write(Json.object().put("content", text).put("add_special", false));
        try {
            HttpResponse<InputStream> r = send(post("/tokenize", body), new CancelSignal());
            String answer = readQuietly(r.body());
            if (r.statusCode() != 200) {
                throw LlamaErrors.fromResponse(r.statusCode(), answer);
            }
            return Json.parse(answer).path("tokens").size();
        } catch (CancelledException | IOException e) {
            throw new ModelException(ModelError.MODEL_ERROR, "llama-server /tokenize failed");
        }
    }

    private JsonNode getJson(String path) throws ModelException {
        refuseIfOpen();
        try {
            HttpResponse<String> r = http.send(get(path).timeout(settings.requestTimeout()).build(),
                    HttpResponse.BodyHandlers.ofString());
            recordStatus(r.statusCode());
            if (r.statusCode() != 200) {
                throw LlamaErrors.fromResponse(r.statusCode(), r.body());
            }
            return Json.parse(r.body());
        } catch (HttpTimeoutException e) {
            breaker.callFailed("llama-server did not answer " + path + " in time");
            throw new ModelException(ModelError.MODEL_TIMEOUT, "llama-server did not answer " + path + " in time");
        } catch (IOException e) {
            throw failed(unreachable(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelError.MODEL_UNAVAILABLE, "interrupted");
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, CancelSignal cancel) throws ModelException, CancelledException {
        refuseIfOpen();
        var future = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        // A call already waiting when the breaker opens (llama-server froze after it went out) gives up now rather
        // than after the request timeout; the flag tells that apart from the user's own cancel.
        AtomicBoolean abandoned = new AtomicBoolean();
        try (AutoCloseable ignored = cancel.onCancel(() -> future.cancel(true));
             AutoCloseable alsoIgnored = breaker.onOpen(() -> {
                 abandoned.set(true);
                 future.cancel(true);
             })) {
            HttpResponse<InputStream> response = future.get();
            recordStatus(response.statusCode());
            return response;
        } catch (java.util.concurrent.CancellationException e) {
            if (abandoned.get() && !cancel.isCancelled()) {
                throw unavailable(breaker.refusal().orElse("llama-server stopped answering"));
            }
            throw new CancelledException();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cancel.isCancelled()) {
                throw new CancelledException();
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw failed(new ModelException(ModelError.MODEL_UNAVAILABLE, "llama-server at " + settings.baseUrl() + " did not accept a connection in time"));
            }
            if (cause instanceof HttpTimeoutException) {
                throw failed(new ModelException(ModelError.MODEL_TIMEOUT,
                        "llama-server did not start answering within " + settings.requestTimeout().toSeconds() + " s"));
            }
            throw failed(unreachable(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (Exception e) {
            throw new ModelException(ModelError.MODEL_ERROR, "llama-server request failed: " + e.getMessage());
        }
    }

    /** Fails fast while the breaker is open: no request goes out, the run ends with model_unavailable at once. */
    private void refuseIfOpen() throws ModelException {
        var refusal = breaker.refusal();
        if (refusal.isPresent()) {
            throw unavailable(refusal.get());
        }
    }

    private ModelException unavailable(String why) {
        return new ModelException(ModelError.MODEL_UNAVAILABLE, "llama-server is not reachable at " + settings.baseUrl()
                + " (" + why + "); the gateway retries it every few seconds");
    }

    /** 5xx is a failed call (except 503: llama-server answering "loading" is alive); anything else shows it answers. */
    private void recordStatus(int status) {
        if (status >= 500 && status != 503) {
            breaker.callFailed("llama-server answered HTTP " + status);
        } else {
            breaker.callSucceeded();
        }
    }

    private ModelException failed(ModelException e) {
        breaker.callFailed(e.getMessage());
        return e;
    }

    private ModelException unreachable(Throwable cause) {
        String why = cause instanceof ConnectException ? "connection refused" : String.valueOf(cause.getMessage());
        return new ModelException(ModelError.MODEL_UNAVAILABLE, "llama-server is not reachable at " + settings.baseUrl() + " (" + why + ")");
    }

    private HttpRequest post(String path, String json) {
        return request(path)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stripSlash(settings.baseUrl()) + path));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            b.header("Authorization", "Bearer " + settings.apiKey());
        }
        return b;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how we abort; a second close or a broken socket is fine
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
