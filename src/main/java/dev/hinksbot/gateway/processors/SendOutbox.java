package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.delivery.OutboxDispatcher;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code sendOutbox}: one pass of the outbox sender on the calling route's thread — every row that is due goes out,
 * oldest first and in order per chat (see {@link OutboxDispatcher}). Does nothing before the gateway has recovered
 * the outbox at start, or once it stops.
 */
public final class SendOutbox implements Processor {
    private final OutboxDispatcher dispatcher;

    public SendOutbox(OutboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(dispatcher.sendDue());
    }
}
