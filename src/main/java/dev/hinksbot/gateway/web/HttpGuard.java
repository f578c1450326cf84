package dev.hinksbot.gateway.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Vert.x handlers in front of every Camel route on the platform router: API-key auth (Bearer header, or
 * `?token=` for WebSockets, which browsers cannot give headers) and a request size limit answered as JSON.
 * Installed on the router itself, so they survive route reloads.
 */
public final class HttpGuard {
    /** Health for monitors, and the API's description for the docs page; neither reveals data. */
    private static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of("/api/v1/health", "/api/v1/openapi.json");

    private final String apiKey;
    private final long maxBodyBytes;

    public HttpGuard(String apiKey, long maxBodyBytes) {
        this.apiKey = apiKey == null ? "" : apiKey;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void install(Router router) {
        router.route().order(-200).handler(this::limitBody);
        for (String protectedPath : new String[] {"/api/*", "/ws/*"}) {
            router.route(protectedPath).order(-190).handler(this::authenticate);
        }
        // Bodies sent without Content-Length are cut off by the platform's body handler: answer that in JSON too.
        router.errorHandler(413, rc -> reject(rc, 413, "body_too_large", "the request body is larger than " + maxBodyBytes + " bytes (gateway.api.max-body-bytes)"));
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
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(ApiErrorResponder.body(code, message));
    }
}
