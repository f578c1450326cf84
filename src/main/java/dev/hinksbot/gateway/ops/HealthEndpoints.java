package dev.hinksbot.gateway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code GET /health/live} (the process and Camel run) and {@code GET /health/ready} (Camel's context and routes are
 * started and the store takes writes), answered from Camel's health registry: 200 when up, 503 when not, with each
 * check's state. llama-server's state is listed but never makes the gateway "not ready". Public like
 * {@code /api/v1/health} (monitors send no key); they reveal states only, and the edge (Host, Origin) still applies.
 */
public final class HealthEndpoints {
    /** Reported, not fatal. */
    private static final Set<String> INFORMATIONAL = Set.of(GatewayHealthChecks.LLAMA);

    private final CamelContext context;

    public HealthEndpoints(CamelContext context) {
        this.context = context;
    }

    public void install(Router router) {
        router.get("/health/live").handler(rc -> answer(rc, HealthCheckHelper::invokeLiveness));
        router.get("/health/ready").handler(rc -> answer(rc, HealthCheckHelper::invokeReadiness));
    }

    private void answer(RoutingContext rc, Function<CamelContext, Collection<HealthCheck.Result>> checks) {
        // checks may block (the store waits for a write lock up to its busy timeout): not on the event loop
        rc.vertx().executeBlocking(() -> body(checks.apply(context)), false).onComplete(done -> {
            if (rc.response().ended()) {
                return;
            }
            ObjectNode body = done.succeeded() ? done.result() : Json.object().put("status", "DOWN");
            rc.response().setStatusCode("UP".equals(body.path("status").asText()) ? 200 : 503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(body.toString());
        });
    }

    static ObjectNode body(Collection<HealthCheck.Result> results) {
        boolean up = true;
        ObjectNode body = Json.object();
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (HealthCheck.Result r : results.stream().sorted(Comparator.comparing(r -> r.getCheck().getId())).toList()) {
            boolean fatal = !INFORMATIONAL.contains(r.getCheck().getId());
            if (fatal && r.getState() != HealthCheck.State.UP) {
                up = false;
            }
            ObjectNode check = list.addObject().put("name", r.getCheck().getId()).put("status", r.getState().name())
                    .put("fatal", fatal);
            r.getMessage().ifPresent(m -> check.put("message", m));
        }
        body.put("status", up ? "UP" : "DOWN");
        body.set("checks", list);
        return body;
    }
}
