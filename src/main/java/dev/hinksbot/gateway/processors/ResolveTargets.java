package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.delivery.Delivery;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import dev.hinksbot.gateway.delivery.DeliveryTarget;
import dev.hinksbot.gateway.delivery.DeliveryTargets;
import dev.hinksbot.gateway.delivery.LocalDelivery;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code resolveTargets}, the first step of {@code direct:deliver}: turns the text in the body and header
 * {@link DeliveryHeaders#DELIVER_TO} (default {@code origin}) into one {@link Delivery} per platform target — the new
 * body — and saves {@code local} at once (paths in header {@link DeliveryHeaders#SAVED_FILES}). An unknown or unset
 * target throws before anything is written.
 */
public final class ResolveTargets implements Processor {
    private final DeliveryTargets targets;
    private final LocalDelivery local;

    public ResolveTargets(DeliveryTargets targets, LocalDelivery local) {
        this.targets = targets;
        this.local = local;
    }

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("nothing to deliver: the body is empty");
        }
        String origin = exchange.getIn().getHeader(DeliveryHeaders.ORIGIN, String.class);
        String meta = exchange.getIn().getHeader(DeliveryHeaders.META, String.class);
        List<DeliveryTarget> resolved = targets.resolve(exchange.getIn().getHeader(DeliveryHeaders.DELIVER_TO, String.class), origin);
        List<Delivery> deliveries = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        for (DeliveryTarget t : resolved) {
            if (t.isLocal()) {
                if (saved.isEmpty()) {
                    saved.add(local.save(text).toString());
                }
            } else {
                deliveries.add(new Delivery(t, text, origin != null && t.toString().equals(origin) ? meta : null));
            }
        }
        exchange.getMessage().setHeader(DeliveryHeaders.SAVED_FILES, saved);
        exchange.getMessage().setBody(deliveries);
    }
}
