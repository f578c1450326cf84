package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.channels.Hooks;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes lifecycle events to {@value #ENDPOINT} for hook routes to subscribe to
 * ({@code from: "seda:hooks?multipleConsumers=true"}). The body is a map {event, at, …data}; the header
 * {@code HinksbotHook} holds the event name. Nothing is queued while no route listens, and a full queue drops the
 * event: hooks never slow down or fail a chat.
 */
public final class CamelHooks implements Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(CamelHooks.class);
    public static final String ENDPOINT = "seda:hooks?multipleConsumers=true&size=1000";
    public static final String HEADER = "HinksbotHook";

    private final CamelContext context;
    private final ProducerTemplate template;
    private volatile SedaEndpoint endpoint;

    public CamelHooks(CamelContext context, ProducerTemplate template) {
        this.context = context;
        this.template = template;
    }

    @Override
    public void publish(String event, Map<String, Object> data) {
        try {
            if (!context.isStarted()) {
                return;
            }
            SedaEndpoint ep = endpoint(context);
            if (ep.getConsumers().isEmpty() || ep.getQueue().remainingCapacity() == 0) {
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", event);
            body.put("at", Instant.now().toString());
            body.putAll(data);
            template.sendBodyAndHeader(ep, body, HEADER, event);
        } catch (RuntimeException e) {
            LOG.debug("hook {} not published: {}", event, e.toString());
        }
    }

    private SedaEndpoint endpoint(CamelContext ctx) {
        SedaEndpoint ep = endpoint;
        if (ep == null) {
            ep = ctx.getEndpoint(ENDPOINT, SedaEndpoint.class);
            endpoint = ep;
        }
        return ep;
    }
}
