package dev.hinksbot.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per route reload ("routes reloaded from delivery.yaml: 1 route(s) started"), in place of Camel's line per
 * route (RouteWatcherReloadStrategy is set to WARN in LogFormat). Failures to reload still log as Camel's WARN.
 */
public final class ReloadLog extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.routes");
    private final List<CamelEvent.RouteReloadedEvent> batch = new ArrayList<>();

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteReloadedEvent;
    }

    @Override
    public synchronized void notify(CamelEvent event) {
        CamelEvent.RouteReloadedEvent reloaded = (CamelEvent.RouteReloadedEvent) event;
        batch.add(reloaded);
        if (reloaded.getIndex() < reloaded.getTotal()) {
            return;
        }
        TreeSet<String> files = new TreeSet<>();
        long started = 0;
        for (CamelEvent.RouteReloadedEvent e : batch) {
            files.add(source(e.getRoute()));
            if (e.getRoute().getCamelContext().getRouteController().getRouteStatus(e.getRoute().getRouteId()).isStarted()) {
                started++;
            }
        }
        LOG.info("routes reloaded from {}: {} route(s), {} started", String.join(", ", files), batch.size(), started);
        batch.clear();
    }

    /** The file a route came from (rest-dsl routes carry no source location of their own). */
    private static String source(org.apache.camel.Route route) {
        if (route.getSourceResource() != null && route.getSourceResource().getLocation() != null) {
            String location = route.getSourceResource().getLocation();
            return location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
        }
        String shortLocation = route.getSourceLocationShort();
        return shortLocation == null ? "a route file" : shortLocation.replaceAll(":\\d+$", "");
    }
}
