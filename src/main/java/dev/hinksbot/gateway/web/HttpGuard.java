package dev.hinksbot.gateway.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Vert.x handlers in front of every Camel route on the platform router, in this order: the edge ({@code Host} must
 * name the gateway, an {@code Origin} must be the gateway's own page or a listed one — see {@link EdgePolicy}), a
 * request size limit, CORS for the listed origins only, API-key auth (Bearer header, or `?token=` for WebSockets,
 * which browsers cannot give headers), the JSON media type on every API request that sends a body, and JSON
 * 404/405 answers for requests no route takes (never Vert.x's HTML page or plain text).
 * Installed on the router itself, so they survive route reloads; every refusal is JSON with a stable code.
 */
public final class HttpGuard {
    /** Health for monitors, and the API's description for the docs page; neither reveals data. */
    private static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of(
            "/api/v1/health", "/api/v1/openapi.json", "/v1/health", "/health");
    private static final String[] API_PATHS = {"/api/*", "/v1/*"};

    private static final java.util.Set<HttpMethod> BODY_METHODS = java.util.Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final String apiKey;
    private final long maxBodyBytes;
    private final EdgePolicy edge;

    public HttpGuard(String apiKey, long maxBodyBytes, EdgePolicy edge) {
        this.apiKey = apiKey == null ? "" : apiKey;
        this.maxBodyBytes = maxBodyBytes;
        this.edge = edge;
    }

    public void install(Router router) {
        router.route().order(-210).handler(this::checkEdge);
        router.route().order(-200).handler(this::limitBody);
        if (!edge.corsOrigins().isEmpty()) {
            // Before auth: browsers send preflights without credentials. Only listed origins reach it (checkEdge
            // refused the others); the gateway's own page is same-origin and needs no CORS answer.
            // No fixed header list: SDKs add headers release by release (openai-node's whole x-stainless-* family,
            // OpenAI-Beta, OpenAI-Organization …). A preflight asking only for allowed names (SdkHeaders) is answered
            // with exactly those names; one asking for anything else is refused.
            CorsHandler cors = CorsHandler.create().addOrigins(java.util.List.copyOf(edge.corsOrigins()))
                    .allowedMethods(java.util.Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS))
                    .exposedHeaders(SdkHeaders.EXPOSED)
                    .maxAgeSeconds(600);
            for (String path : API_PATHS) {
                router.route(path).order(-195).handler(rc -> {
                    if (edge.isListed(rc.request().getHeader(HttpHeaders.ORIGIN))) {
                        String requested = rc.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
                        var refused = SdkHeaders.refuse(requested);
                        if (rc.request().method() == HttpMethod.OPTIONS && refused.isPresent()) {
                            reject(rc, 403, "cors_refused", "the CORS preflight asks for header '" + refused.get() + "', which is not allowed");
                            return;
                        }
                        cors.handle(rc);
                    } else {
                        rc.next();
                    }
                });
            }
        }
        // /metrics: counts and timings are the owner's business, like the API
        for (String protectedPath : new String[] {"/api/*", "/v1/*", "/ws/*", "/metrics"}) {
            router.route(protectedPath).order(-190).handler(this::authenticate);
        }
        for (String path : API_PATHS) {
            router.route(path).order(-185).handler(this::requireJson);
        }
        // Bodies sent without Content-Length are cut off by the platform's body handler: answer that in JSON too.
        router.errorHandler(413, rc -> reject(rc, 413, "body_too_large", "the request body is larger than " + maxBodyBytes + " bytes (gateway.api.max-body-bytes)"));
        // A request no route took (JSON on every path). Camel's platform server mounts this router under a root router of its own,
        // whose default answers (an HTML 404 page, an empty 405) this code cannot reach: answer here instead, last.
        router.route().order(Integer.MAX_VALUE).handler(rc -> unmatched(router, rc));
        router.errorHandler(404, rc -> respondUnmatched(rc, 404));
        // CorsHandler fails a request it refuses (a method or header it does not allow) with 403.
        router.errorHandler(403, rc -> reject(rc, 403, "cors_refused", "the request is not allowed by the CORS policy"));
        // Vert.x answers a path or query it cannot decode (`/sessions/%ZZ`, `?q=%ZZ`) with a plain 400.
        router.errorHandler(400, rc -> reject(rc, 400, "invalid_request", "the request line or its parameters cannot be decoded"));
    }

    /** Host names the gateway, and a page that sends the request is the gateway's own or listed. */
    private void checkEdge(RoutingContext rc) {
        String host = authority(rc);
        var hostRefusal = edge.refuseHost(host);
        if (hostRefusal.isPresent()) {
            reject(rc, 403, "host_not_allowed", hostRefusal.get());
            return;
        }
        var originRefusal = edge.refuseOrigin(rc.request().getHeader(HttpHeaders.ORIGIN), host);
        if (originRefusal.isPresent()) {
            reject(rc, 403, "origin_not_allowed", originRefusal.get());
            return;
        }
        rc.next();
    }

    /** {@code Host} on HTTP/1.1, {@code :authority} on HTTP/2 (Java's client upgrades to h2c, where no Host header exists). */
    static String authority(RoutingContext rc) {
        var authority = rc.request().authority();
        if (authority == null) {
            return rc.request().getHeader(HttpHeaders.HOST);
        }
        String host = authority.host();
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return authority.port() < 0 ? name : name + ":" + authority.port();
    }

    /**
     * An API request that sends a body (or declares a type) must declare exactly JSON. A bodiless POST (run a job
     * now, pause it) needs no type: a browser page cannot send it without an Origin, which the edge checked.
     */
    private void requireJson(RoutingContext rc) {
        if (!BODY_METHODS.contains(rc.request().method())) {
            rc.next();
            return;
        }
        String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean hasBody = rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || length != null && !length.trim().equals("0");
        if (contentType == null && !hasBody) {
            rc.next();
            return;
        }
        var refusal = JsonMediaType.refuse(contentType);
        if (refusal.isPresent()) {
            reject(rc, 415, "unsupported_media_type", refusal.get());
            return;
        }
        rc.next();
    }

    /** 405 with Allow when another method would have matched the path, else 404; JSON under /api. */
    private static void unmatched(Router router, RoutingContext rc) {
        String path = rc.normalizedPath();
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() != null && !route.methods().isEmpty() && route.getPath() != null
                    && pathMatches(route.getPath(), path)) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        if (!allowed.isEmpty()) {
            rc.response().putHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        respondUnmatched(rc, allowed.isEmpty() ? 404 : 405);
    }

    private static void respondUnmatched(RoutingContext rc, int status) {
        if (rc.response().ended()) {
            return;
        }
        String path = rc.request().path();
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(status == 404
                        ? ApiErrorResponder.body(404, "not_found", isApi(path) ? "no API endpoint at " + path : "nothing is served at " + path)
                        : ApiErrorResponder.body(405, "method_not_allowed", rc.request().method() + " is not supported on " + path));
    }

    private static boolean isApi(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/") || path.equals("/v1") || path.startsWith("/v1/"));
    }

    /** Vert.x path patterns: literal segments, ":param" for one non-empty segment; a trailing slash is ignored. */
    static boolean pathMatches(String pattern, String path) {
        String[] want = stripSlash(pattern).split("/", -1);
        String[] got = stripSlash(path).split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith(":") ? got[i].isEmpty() : !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    private static String stripSlash(String s) {
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private void limitBody(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    reject(rc, 413, "body_too_large", "the request body is larger than " + maxBodyBytes + " bytes (gateway.api.max-body-bytes)");
                    return;
                }
            } catch (NumberFormatException e) {
                reject(rc, 400, "invalid_request", "Content-Length is not a number");
                return;
            }
        }
        rc.next();
    }

    private void authenticate(RoutingContext rc) {
        if (apiKey.isEmpty() || PUBLIC_PATHS.contains(rc.request().path())) {
            rc.next();
            return;
        }
        String presented = null;
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).trim();
        } else if (rc.request().getHeader("x-api-key") != null) {
            presented = rc.request().getHeader("x-api-key").trim(); // Anthropic-style clients and some SDK options
        } else if (rc.request().path().startsWith("/ws/")) {
            presented = rc.request().getParam("token");
        }
        if (presented != null && constantTimeEquals(presented, apiKey)) {
            rc.next();
        } else {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            reject(rc, 401, "unauthorized", "a valid API key is required: send 'Authorization: Bearer <gateway.api.key>'"
                    + (rc.request().path().startsWith("/ws/") ? " or ?token=<key>" : ""));
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void reject(RoutingContext rc, int status, String code, String message) {
        refuse(rc.response(), status, code, message);
    }

    /** A refusal answered by Vert.x handlers (before any Camel route): JSON with a stable code, and the connection closed. */
    static void refuse(io.vertx.core.http.HttpServerResponse response, int status, String code, String message) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(ApiErrorResponder.body(status, code, message));
    }
}
