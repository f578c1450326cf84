package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.delivery.Delivery;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import dev.hinksbot.gateway.delivery.MessageSplitter;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code writeOutbox}: writes one {@link Delivery} into the persistent outbox — split at the platform's size
 * limit, all its parts in one transaction — before anything is sent. The body becomes the list of outbox row ids.
 */
public final class WriteOutbox implements Processor {
    private final OutboxRepository outbox;

    public WriteOutbox(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    @Override
    public void process(Exchange exchange) {
        Delivery d = exchange.getIn().getBody(Delivery.class);
        if (d == null) {
            throw new IllegalArgumentException("writeOutbox expects a Delivery body (made by resolveTargets)");
        }
        int limit = DeliveryHeaders.LIMITS.getOrDefault(d.target().platform(), 4096);
        // Telegram renders Markdown per message: a code block cut in two is closed and reopened
        List<String> parts = d.target().platform().equals("telegram") ? MessageSplitter.splitMarkdown(d.text(), limit)
                : MessageSplitter.split(d.text(), limit);
        List<OutboxRepository.Row> rows = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            rows.add(OutboxRepository.Row.of(d.target().platform(), d.target().chatId(), d.target().threadId(), parts.get(i),
                    d.meta(), i + 1, parts.size()));
        }
        exchange.getMessage().setBody(outbox.enqueue(rows).stream().map(OutboxRepository.Row::id).toList());
    }
}
