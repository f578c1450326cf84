package dev.hinksbot.gateway.web;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The gateway's one listener. Camel's platform-http server is created with Vert.x's default options, which cannot
 * be configured: WebSocket messages over 64 KiB per frame or 256 KiB per message dropped silently, and a long URI
 * or header answered by Netty with an empty 414/431. Once Camel has started, this listens on
 * the same address with the same root router (so every route, the guard and route reloads work unchanged), with
 * limits taken from {@code gateway.api.max-body-bytes} and requests Netty cannot decode answered as JSON, and then
 * closes Camel's server.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(10);
    /** Request line (method, URI, version): long search queries fit; a 9 KB URI still gets a JSON 414. */
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16384;
    /**
     * Over the body limit, so a message a little too large still arrives and is answered with a {@code frame_too_large}
     * error frame; beyond this Vert.x closes the connection with 1009 (message too big).
     */
    static final int WEBSOCKET_HEADROOM = 4;

    private final HttpServer server;

    private EdgeServer(HttpServer server) {
        this.server = server;
    }

    public static HttpServerOptions options(long maxBodyBytes) {
        int wsLimit = (int) Math.min(Integer.MAX_VALUE / 2, maxBodyBytes * WEBSOCKET_HEADROOM);
        return new HttpServerOptions()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setMaxWebSocketFrameSize(wsLimit)
                .setMaxWebSocketMessageSize(wsLimit);
    }

    /** Replaces Camel's platform server on {@code host:port} by one with {@link #options}. */
    public static EdgeServer takeOver(CamelContext context, Vertx vertx, String host, int port, long maxBodyBytes) throws Exception {
        VertxPlatformHttpRouter platform = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (platform == null || platform.getServer() == null || platform.getServer().getServer() == null) {
            throw new IllegalStateException("Camel's platform-http server is not running on port " + port);
        }
        HttpServer camelServer = platform.getServer().getServer();
        Handler<HttpServerRequest> root = camelServer.requestHandler();
        if (root instanceof Router router) {
            // What the root router would answer itself, in plain text or HTML, when a failure escapes the platform router.
            router.errorHandler(400, rc -> answer(rc.request(), 400, "invalid_request", "the request line or its parameters cannot be decoded"));
            router.errorHandler(413, rc -> answer(rc.request(), 413, "body_too_large",
                    "the request body is larger than " + maxBodyBytes + " bytes (gateway.api.max-body-bytes)"));
            router.errorHandler(500, rc -> answer(rc.request(), 500, "internal_error", "the gateway failed to handle the request; see its log"));
        }
        HttpServer server = vertx.createHttpServer(options(maxBodyBytes))
                .invalidRequestHandler(EdgeServer::invalidRequest)
                .requestHandler(root);
        // Listen first: on the same Vert.x instance, host and port the socket is shared, so there is no moment in
        // which the port is free for another process. Closing Camel's server then leaves this one alone on it.
        server.listen(port, host).toCompletionStage().toCompletableFuture().get(SWITCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        camelServer.close().toCompletionStage().toCompletableFuture().get(SWITCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new EdgeServer(server);
    }

    /** Netty could not decode the request (line or headers too long, bad syntax): JSON instead of an empty answer. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException
                || cause instanceof TooLongFrameException && String.valueOf(cause.getMessage()).startsWith("An HTTP line is larger")) {
            answer(request, 414, "uri_too_long", "the request line is longer than " + MAX_INITIAL_LINE + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException
                || cause instanceof TooLongFrameException && String.valueOf(cause.getMessage()).startsWith("HTTP header is larger")) {
            answer(request, 431, "headers_too_large", "the request headers are larger than " + MAX_HEADER_SIZE + " bytes");
        } else {
            answer(request, 400, "invalid_request", "the request is not valid HTTP");
        }
    }

    private static void answer(HttpServerRequest request, int status, String code, String message) {
        HttpGuard.refuse(request.response(), status, code, message);
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(SWITCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // stopping anyway; the port is released when the process ends
        }
    }
}
