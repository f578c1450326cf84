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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

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
        router.get("/health/live").handler(rc -> answer(rc, HealthCheck::isLiveness));
        router.get("/health/ready").handler(rc -> answer(rc, HealthCheck::isReadiness));
    }

    private void answer(RoutingContext rc, Predicate<HealthCheck> kind) {
        // checks may block (the store waits for a write lock up to its busy timeout): not on the event loop
        rc.vertx().executeBlocking(() -> body(results(kind)), false).onComplete(done -> {
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

    /**
     * Each check on its own (Camel's HealthCheckHelper folds the checks of one group into one result, which would
     * hide the store behind llama-server); the routes, one check each, are summed up as one "routes" entry.
     */
    private Collection<HealthCheck.Result> results(Predicate<HealthCheck> kind) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        List<HealthCheck.Result> results = new ArrayList<>();
        List<HealthCheck.Result> routes = new ArrayList<>();
        registry.stream().filter(HealthCheck::isEnabled).filter(kind).filter(c -> !registry.isExcluded(c)).forEach(check -> {
            HealthCheck.Result r = check.call();
            (check.getId().startsWith("route:") ? routes : results).add(r);
        });
        if (!routes.isEmpty()) {
            List<String> down = routes.stream().filter(r -> r.getState() != HealthCheck.State.UP)
                    .map(r -> r.getCheck().getId().substring("route:".length())).sorted().toList();
            HealthCheck summary = new RoutesSummary(down.isEmpty() ? HealthCheck.State.UP : HealthCheck.State.DOWN,
                    down.isEmpty() ? routes.size() + " routes started" : "not started: " + String.join(", ", down));
            results.add(summary.call());
        }
        return results;
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

    /** The routes' checks as one result. */
    private static final class RoutesSummary extends AbstractHealthCheck {
        private final HealthCheck.State state;
        private final String message;

        RoutesSummary(HealthCheck.State state, String message) {
            super("camel", "routes");
            this.state = state;
            this.message = message;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.state(state).message(message);
        }
    }
}
