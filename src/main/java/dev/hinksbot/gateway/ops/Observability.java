package dev.hinksbot.gateway.ops;

import java.util.Properties;

/** The Camel settings /metrics and /health/* rely on; set by the gateway itself so no config file can turn them off. */
public final class Observability {
    /** camel-micrometer-prometheus uses the registry bound under this name instead of creating its own. */
    public static final String REGISTRY_BEAN = "metricsRegistry";

    private Observability() {
    }

    public static void configure(Properties camel) {
        camel.setProperty("camel.metrics.enabled", "true");
        // route timings and exchange counts; no per-node message history (one meter per step, and it costs per message)
        camel.setProperty("camel.metrics.enableRoutePolicy", "true");
        camel.setProperty("camel.metrics.enableMessageHistory", "false");
        // its per-route in-flight gauges are registered twice on every route reload (a WARN each time), and the route
        // policy above counts the same exchanges
        camel.setProperty("camel.metrics.enableExchangeEventNotifier", "false");
        camel.setProperty("camel.health.enabled", "true");
        camel.setProperty("camel.health.routesEnabled", "true");
        // a platform poll that fails (Telegram, IMAP) is logged and retried; it does not make the gateway "not ready"
        camel.setProperty("camel.health.consumersEnabled", "false");
        camel.setProperty("camel.health.producersEnabled", "false");
    }
}
