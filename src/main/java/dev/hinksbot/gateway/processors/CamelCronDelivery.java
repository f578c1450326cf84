package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.cron.CronDelivery;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Delivery through the delivery routes ({@code direct:deliver}), as every other answer goes out: the route's bean
 * writes outbox rows (sent and acknowledged by the outbox dispatcher) or saves {@code local} files. A user who
 * edits routes/delivery.yaml (a filter, a copy to somewhere else) changes cron deliveries too.
 */
public final class CamelCronDelivery implements CronDelivery {
    private final ProducerTemplate template;

    public CamelCronDelivery(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Handed deliver(String text, String spec, String origin) {
        Exchange result = template.send("direct:deliver", ex -> {
            ex.getIn().setBody(text);
            ex.getIn().setHeader(DeliveryHeaders.DELIVER_TO, spec);
            if (origin != null) {
                ex.getIn().setHeader(DeliveryHeaders.ORIGIN, origin);
            }
        });
        if (result.getException() != null) {
            Throwable e = result.getException();
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(),
                    e instanceof CamelExecutionException ? e.getCause() : e);
        }
        List<String> ids = new ArrayList<>();
        Object body = result.getMessage().getBody();
        addIds(body, ids);
        List<String> saved = result.getMessage().getHeader(DeliveryHeaders.SAVED_FILES, List.class);
        return new Handed(ids, saved == null ? List.of() : saved);
    }

    /** The route's body: the row ids per target (a list of lists after the split), flattened. */
    private static void addIds(Object body, List<String> ids) {
        if (body instanceof List<?> list) {
            list.forEach(o -> addIds(o, ids));
        } else if (body instanceof String id) {
            ids.add(id);
        }
    }
}
