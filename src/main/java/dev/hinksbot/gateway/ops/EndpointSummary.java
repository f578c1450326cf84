package dev.hinksbot.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up list of HTTP endpoints with the address the gateway is bound to. Camel's own summary
 * (MainHttpServerUtil, silenced in ops.LogFormat) always prints http://0.0.0.0:…, which is wrong and alarming for a
 * gateway bound to 127.0.0.1.
 */
public final class EndpointSummary {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.endpoints");

    private EndpointSummary() {
    }

    public static void log(CamelContext context, String host, int port) {
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        List<String[]> rows = new ArrayList<>();
        PlatformHttpComponent http = context.getComponent("platform-http", PlatformHttpComponent.class);
        if (http != null) {
            for (HttpEndpointModel e : http.getHttpEndpoints()) {
                rows.add(new String[] {base + e.getUri(), e.getVerbs() == null ? "" : e.getVerbs()});
            }
        }
        rows.add(new String[] {base + MetricsEndpoint.PATH, "GET"});
        rows.add(new String[] {base + "/health/live", "GET"});
        rows.add(new String[] {base + "/health/ready", "GET"});
        rows.add(new String[] {"ws" + base.substring(4) + "/ws/chat/{sessionId}", "WebSocket"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        LOG.info("HTTP endpoints ({}):", rows.size());
        rows.stream().sorted((a, b) -> a[0].compareTo(b[0]))
                .forEach(r -> LOG.info("    {}{}  {}", r[0], " ".repeat(width - r[0].length()), r[1]));
    }
}
