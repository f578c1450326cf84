package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.agent.ModelBreaker;
import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.RequestTracker;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path: a request for an upstream model goes to llama-server byte for byte and the answer — status,
 * content type, body, streamed or not — comes back the same way, piped on the Vert.x event loop with back-pressure.
 * Only the credentials change (the client's gateway key never reaches llama-server; llama-server's own key is added).
 */
public final class LlamaPassThrough implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LlamaPassThrough.class);
    private static final int KEEP_ALIVE_SECONDS = 3;

    public record Settings(String baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, int maxConnections) {
    }

    /** Told of every forwarded request when its answer has ended (the metrics count them: the fast path has no route). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (path, status, nanos) -> { };

        /** {@code status} is the one the client got (llama-server's, or the gateway's own error status). */
        void forwarded(String path, int status, long nanos);
    }

    private final HttpClient client;
    private final HttpClient freshClient;
    private final String host;
    private final int port;
    private final String basePath;
    private final String authorization;
    private final long requestTimeoutMs;
    private final String baseUrl;
    private final ModelBreaker breaker;
    private final Listener listener;

    public LlamaPassThrough(Vertx vertx, Settings settings, ModelBreaker breaker) {
        this(vertx, settings, breaker, Listener.NONE);
    }

    /** {@code breaker} is the one the agent's LlamaClient uses: both paths see, and report, the same llama-server. */
    public LlamaPassThrough(Vertx vertx, Settings settings, ModelBreaker breaker, Listener listener) {
        this.breaker = breaker;
        this.listener = listener;
        URI uri = URI.create(settings.baseUrl());
        boolean tls = "https".equals(uri.getScheme());
        this.baseUrl = settings.baseUrl();
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.authorization = settings.apiKey() == null || settings.apiKey().isEmpty() ? null : "Bearer " + settings.apiKey();
        this.requestTimeoutMs = settings.requestTimeout().toMillis();
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(tls)
                .setKeepAlive(true)
                // llama-server (cpp-httplib) closes an idle connection after 5 s; give it up first, so a request
                // is not sent on a connection the server is closing
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.maxConnections()).setMaxWaitQueueSize(-1);
        this.client = vertx.createHttpClient(options, pool);
        // a second try always goes on a new connection
        this.freshClient = vertx.createHttpClient(new HttpClientOptions(options).setKeepAlive(false), pool);
    }

    /** One forwarded request: {@code done} completes when the response has ended; {@code cancel} drops it upstream. */
    public record Forwarded(CompletableFuture<Void> done, Runnable cancel) {
    }

    /** Forwards {@code body} to llama-server's {@code path} and pipes the answer into {@code response}. */
    public Forwarded forward(String path, Buffer body, HttpServerResponse response, RequestTracker.Timing timing) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long started = System.nanoTime();
        done.whenComplete((v, e) -> listener.forwarded(path, response.closed() && !response.ended() ? 499 : response.getStatusCode(),
                System.nanoTime() - started));
        var refusal = breaker.refusal();
        if (refusal.isPresent()) {
            // the breaker is open: answer at once instead of queueing on a llama-server that does not answer
            response.setStatusCode(503).putHeader("Content-Type", "application/json").end(ApiErrorResponder.body(503,
                    "model_unavailable", "llama-server is not reachable at " + baseUrl + " (" + refusal.get()
                            + "); the gateway retries it every few seconds"));
            done.complete(null);
            return new Forwarded(done, () -> { });
        }
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        Runnable cancel = () -> {
            HttpClientRequest upstream = inFlight.get();
            if (upstream != null) {
                upstream.reset(); // closes the upstream connection, so llama-server stops generating
            }
            done.complete(null);
        };
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(basePath + path).setIdleTimeout(requestTimeoutMs)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream");
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        timing.upstreamStarted();
        send(options, body, response, timing, done, inFlight, true);
        return new Forwarded(done, cancel);
    }

    /**
     * Sends once, and once more when llama-server closed a kept-alive connection before answering: cpp-httplib ends
     * a connection after a number of requests or an idle time, and a request already on its way on that connection
     * fails with "Connection was closed" although llama-server never read it (256 concurrent streams lost ~100 so).
     */
    private void send(RequestOptions options, Buffer body, HttpServerResponse response, RequestTracker.Timing timing,
                      CompletableFuture<Void> done, AtomicReference<HttpClientRequest> inFlight, boolean mayRetry) {
        (mayRetry ? client : freshClient).request(options).onComplete(opened -> {
            if (opened.failed()) {
                timing.upstreamEnded();
                fail(response, opened.cause(), done);
                return;
            }
            HttpClientRequest upstream = opened.result();
            inFlight.set(upstream);
            if (done.isDone()) {
                upstream.reset(); // cancelled while connecting
                return;
            }
            upstream.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    if (mayRetry && answered.cause() instanceof HttpClosedException && !done.isDone()
                            && !response.headWritten() && !response.closed()) {
                        LOG.debug("llama-server closed a kept-alive connection before answering; sending again");
                        send(options, body, response, timing, done, inFlight, false);
                        return;
                    }
                    timing.upstreamEnded();
                    fail(response, answered.cause(), done);
                    return;
                }
                relay(answered.result(), response, timing, done);
            });
        });
    }

    private void relay(HttpClientResponse upstream, HttpServerResponse response, RequestTracker.Timing timing,
                              CompletableFuture<Void> done) {
        if (upstream.statusCode() >= 500 && upstream.statusCode() != 503) {
            breaker.callFailed("llama-server answered HTTP " + upstream.statusCode());
        } else {
            breaker.callSucceeded();
        }
        response.setStatusCode(upstream.statusCode());
        String contentType = upstream.getHeader("Content-Type");
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        boolean streaming = contentType != null && contentType.startsWith("text/event-stream");
        if (streaming) {
            // Headers (and the overhead figure, up to the first byte) go out now; the events follow as they come.
            timing.upstreamEnded();
            response.setChunked(true).putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
            upstream.exceptionHandler(e -> abortStream(response, e, done));
            upstream.pipeTo(response).onComplete(piped -> done.complete(null));
        } else {
            upstream.body().onComplete(read -> {
                timing.upstreamEnded();
                if (read.failed()) {
                    fail(response, read.cause(), done);
                    return;
                }
                response.end(read.result()).onComplete(ended -> done.complete(null));
            });
        }
    }

    /** The stream broke after its headers went out: tell the client in the stream, then close it. */
    private static void abortStream(HttpServerResponse response, Throwable cause, CompletableFuture<Void> done) {
        LOG.warn("llama-server stream broke: {}", cause.toString());
        if (!response.ended() && !response.closed()) {
            response.end("data: " + ApiErrorResponder.body(502, "model_error",
                    "llama-server's stream broke off: " + cause.getMessage()) + "\n\n");
        }
        done.complete(null);
    }

    private void fail(HttpServerResponse response, Throwable cause, CompletableFuture<Void> done) {
        boolean unreachable = cause instanceof ConnectException || cause.getCause() instanceof ConnectException
                || cause.getClass().getSimpleName().contains("Connect");
        boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
        int status = unreachable ? 503 : timeout ? 504 : 502;
        String code = unreachable ? "model_unavailable" : timeout ? "model_timeout" : "model_error";
        if (unreachable || timeout) {
            breaker.callFailed(unreachable ? "llama-server is not reachable (" + cause.getMessage() + ")"
                    : "llama-server did not answer within the request timeout");
        }
        String message = unreachable ? "llama-server is not reachable at " + baseUrl + " (" + cause.getMessage() + ")"
                : timeout ? "llama-server did not answer within the request timeout (gateway.llama.request-timeout)"
                : "llama-server failed: " + cause.getMessage();
        LOG.warn("pass-through request failed ({}): {}", code, message);
        if (!response.headWritten() && !response.closed()) {
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(ApiErrorResponder.body(status, code, message));
        } else if (!response.ended() && !response.closed()) {
            response.end();
        }
        done.complete(null);
    }

    @Override
    public void close() {
        client.close();
        freshClient.close();
    }
}
