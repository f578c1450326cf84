package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.chat.InboundMessage;
import org.apache.camel.Exchange;

/** The body every step of {@code direct:inbound} works on. */
final class InboundBodies {
    private InboundBodies() {
    }

    static InboundMessage message(Exchange exchange) {
        InboundMessage m = exchange.getIn().getBody(InboundMessage.class);
        if (m == null) {
            throw new IllegalArgumentException("direct:inbound expects an InboundMessage body, got "
                    + (exchange.getIn().getBody() == null ? "none" : exchange.getIn().getBody().getClass().getName()));
        }
        return m;
    }
}
