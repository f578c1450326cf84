package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.chat.Outbound;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Outbound} through the {@code direct:deliver} route, so delivery stays user-editable YAML. */
public final class CamelOutbound implements Outbound {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.delivery");
    public static final String ENDPOINT = "direct:deliver";

    private final ProducerTemplate template;

    public CamelOutbound(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public void deliver(String text, String targets, InboundMessage origin) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(DeliveryHeaders.DELIVER_TO, targets);
        if (origin != null) {
            headers.put(DeliveryHeaders.ORIGIN, origin.originTarget());
            if (!origin.meta().isEmpty()) {
                headers.put(DeliveryHeaders.META, Json.write(origin.meta()));
            }
        }
        try {
            template.sendBodyAndHeaders(ENDPOINT, text, headers);
        } catch (RuntimeException e) {
            LOG.warn("delivery to {} failed: {}", targets, rootMessage(e));
            throw e;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
