package dev.hinksbot.gateway.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;

/**
 * The web chat UI at `/`: ES modules and CSS from the jar's `web/ui`, and its libraries (marked, DOMPurify,
 * highlight.js) from their webjars under `/ui/lib/…`. Public like the docs: the page holds no data, and it asks
 * for the API key itself when the API answers 401. A strict Content-Security-Policy backs up the sanitizer:
 * only the gateway's own scripts ever run, so model output cannot execute script even if it slipped through.
 */
public final class UiHandler {
    static final String ROOT = "web/ui";
    /** URL folder → webjar folder; versions kept in step with pom.xml. */
    static final Map<String, String> LIBRARIES = Map.of(
            "marked", "META-INF/resources/webjars/marked/15.0.7/lib",
            "dompurify", "META-INF/resources/webjars/dompurify/3.2.4/dist",
            "highlightjs", "META-INF/resources/webjars/highlightjs/11.10.0");
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https: http:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private UiHandler() {
    }

    public static void install(Router router) {
        router.route("/").order(-150).handler(UiHandler::pageHeaders).handler(StaticHandler.create(ROOT).setIndexPage("index.html"));
        LIBRARIES.forEach((name, folder) -> router.route("/ui/lib/" + name + "/*").order(-150).handler(UiHandler::javaScriptType)
                .handler(StaticHandler.create(folder).setCachingEnabled(true).setMaxAgeSeconds(86_400)));
        router.route("/ui/*").order(-149).handler(UiHandler::pageHeaders).handler(StaticHandler.create(ROOT));
    }

    /** The UI's own files are revalidated on every load, so a new jar's UI is picked up at once. */
    private static void pageHeaders(RoutingContext rc) {
        rc.response().headers()
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        rc.addHeadersEndHandler(v -> rc.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
        javaScriptType(rc);
    }

    /** Browsers load ES modules only with a JavaScript type; Vert.x does not know `.mjs`. */
    private static void javaScriptType(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.endsWith(".js") || path.endsWith(".mjs")) {
            rc.addHeadersEndHandler(v -> {
                if (rc.response().getStatusCode() == 200) {
                    rc.response().headers().set(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8");
                }
            });
        }
        rc.next();
    }
}
