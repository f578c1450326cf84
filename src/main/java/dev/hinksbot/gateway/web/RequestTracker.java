package dev.hinksbot.gateway.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks each HTTP request from the moment Vert.x hands it over, for the handlers behind Camel that need more than
 * the exchange: the overhead clock behind {@value #HEADER} — on every response, wall time from arrival to the
 * response headers minus the time spent waiting for upstream work (llama-server, tools) that handlers report through
 * {@link #of}; a streamed response measures up to its first byte — and notice of a client that went away.
 */
public final class RequestTracker {
    public static final String HEADER = "X-Gateway-Overhead-Ms";

    /** The clock of one request; handlers bracket upstream work with {@link #upstreamStarted}/{@link #upstreamEnded}. */
    public static final class Timing {
        private final long arrived = System.nanoTime();
        private long upstreamNanos;
        private long openSince;
        private int open;

        public synchronized void upstreamStarted() {
            if (open++ == 0) {
                openSince = System.nanoTime();
            }
        }

        public synchronized void upstreamEnded() {
            if (open > 0 && --open == 0) {
                upstreamNanos += System.nanoTime() - openSince;
            }
        }

        /** Upstream time measured elsewhere (e.g. a finished model turn). */
        public synchronized void addUpstream(long nanos) {
            upstreamNanos += nanos;
        }

        synchronized long overheadNanos() {
            long now = System.nanoTime();
            long upstream = upstreamNanos + (open > 0 ? now - openSince : 0);
            return Math.max(0, now - arrived - upstream);
        }
    }

    private record Tracked(RoutingContext context, Timing timing) {
    }

    private final Map<HttpServerRequest, Tracked> inFlight = new ConcurrentHashMap<>();

    /** First handler on the router: starts the clock and writes the header just before the headers go out. */
    public void install(Router router) {
        router.route().order(-300).handler(this::start);
    }

    private void start(RoutingContext rc) {
        Timing timing = new Timing();
        HttpServerRequest request = rc.request();
        inFlight.put(request, new Tracked(rc, timing));
        rc.addHeadersEndHandler(v -> rc.response().putHeader(HEADER, millis(timing.overheadNanos())));
        rc.addEndHandler(v -> inFlight.remove(request));
        rc.next();
    }

    /** {@code nanos} as milliseconds with three decimals, rounded half up ("0.142"): String.format costs more than the rest of the clock. */
    static String millis(long nanos) {
        long micros = (nanos + 500) / 1000;
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /** The request's clock; a detached one (never reported) for requests that did not come through the router. */
    public Timing of(HttpServerRequest request) {
        Tracked tracked = request == null ? null : inFlight.get(request);
        return tracked != null ? tracked.timing() : new Timing();
    }

    /**
     * Runs {@code action} if the client goes away before the response has ended (the response's single close
     * handler belongs to Vert.x Web, so handlers must not replace it). Returns false for an untracked request.
     */
    public boolean onDisconnect(HttpServerRequest request, Runnable action) {
        Tracked tracked = request == null ? null : inFlight.get(request);
        if (tracked == null) {
            return false;
        }
        tracked.context().addEndHandler(result -> {
            if (result.failed()) {
                action.run();
            }
        });
        return true;
    }
}
