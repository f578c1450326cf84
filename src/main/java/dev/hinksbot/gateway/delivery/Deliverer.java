package dev.hinksbot.gateway.delivery;

import dev.hinksbot.gateway.store.OutboxRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The bean behind {@code direct:deliver}: resolves the targets of a text (header {@code HinksbotDeliverTo}, default
 * {@code origin}; {@code HinksbotOrigin} names where the request came from), splits it at each platform's limit and
 * writes one outbox row per part before anything is sent; {@code local} is saved to a file at once. The body becomes
 * the list of outbox row ids. An unknown target throws: nothing is written then.
 */
public final class Deliverer implements Processor {
    public static final String DELIVER_TO = "HinksbotDeliverTo";
    public static final String ORIGIN = "HinksbotOrigin";
    /** JSON with platform extras for the origin (a mail's reply subject and threading headers). */
    public static final String META = "HinksbotMeta";
    /** Characters per message: Telegram rejects more than 4096; Slack advises at most 4000 (it truncates at 40,000). */
    public static final Map<String, Integer> LIMITS = Map.of("telegram", 4096, "slack", 4000, "mail", 1_000_000);

    private final DeliveryTargets targets;
    private final OutboxRepository outbox;
    private final OutboxDispatcher dispatcher;
    private final LocalDelivery local;

    public Deliverer(DeliveryTargets targets, OutboxRepository outbox, OutboxDispatcher dispatcher, LocalDelivery local) {
        this.targets = targets;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.local = local;
    }

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("nothing to deliver: the body is empty");
        }
        String origin = exchange.getIn().getHeader(ORIGIN, String.class);
        String meta = exchange.getIn().getHeader(META, String.class);
        List<DeliveryTarget> resolved = targets.resolve(exchange.getIn().getHeader(DELIVER_TO, String.class), origin);
        List<OutboxRepository.Row> rows = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        for (DeliveryTarget t : resolved) {
            if (t.isLocal()) {
                continue;
            }
            List<String> parts = MessageSplitter.split(text, LIMITS.getOrDefault(t.platform(), 4096));
            String rowMeta = origin != null && t.toString().equals(origin) ? meta : null;
            for (int i = 0; i < parts.size(); i++) {
                rows.add(OutboxRepository.Row.of(t.platform(), t.chatId(), t.threadId(), parts.get(i), rowMeta, i + 1, parts.size()));
            }
        }
        List<String> ids = new ArrayList<>();
        if (!rows.isEmpty()) {
            outbox.enqueue(rows).forEach(r -> ids.add(r.id()));
            dispatcher.wake();
        }
        if (resolved.stream().anyMatch(DeliveryTarget::isLocal)) {
            saved.add(local.save(text).toString());
        }
        exchange.getMessage().setHeader("HinksbotSavedFiles", saved);
        exchange.getMessage().setBody(ids);
    }
}
