package dev.hinksbot.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the registry in Prometheus text format 0.0.4. Guarded like the API (web.HttpGuard: the key
 * when one is set, the Host and Origin rule), and never offered to other origins by CORS.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void install(Router router) {
        // gauges read the database at scrape time: off the event loop
        router.get(PATH).handler(rc -> rc.vertx().executeBlocking(() -> registry.scrape(), false).onComplete(done -> {
            if (done.failed()) {
                rc.fail(500, done.cause());
                return;
            }
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(done.result());
        }));
    }
}
