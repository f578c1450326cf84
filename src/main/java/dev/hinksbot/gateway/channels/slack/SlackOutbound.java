package dev.hinksbot.gateway.channels.slack;

import dev.hinksbot.gateway.processors.CamelPlatformSender;
import dev.hinksbot.gateway.delivery.DeliveryException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code slackOutbound}: prepares an outbox row for camel-slack's {@code chat.postMessage}: the escaped text as
 * the body and the checked channel id in header {@value SlackInbound#CHANNEL}, which the send route puts in the
 * endpoint ({@code slack:<channel>}: camel-slack takes the channel from its endpoint only). The id is checked
 * because it becomes part of an endpoint URI. camel-slack 4.17 cannot send {@code thread_ts}, so a thread target
 * fails permanently (visible in the outbox) instead of landing at the top of the channel.
 */
public final class SlackOutbound implements Processor {
    @Override
    public void process(Exchange exchange) {
        String channel = exchange.getIn().getHeader(CamelPlatformSender.CHAT_ID, String.class);
        if (!SlackDirectory.isConversationId(channel)) {
            throw new IllegalArgumentException("'" + channel + "' is not a Slack channel id (C…, G… or D…)");
        }
        String thread = exchange.getIn().getHeader(CamelPlatformSender.THREAD_ID, String.class);
        if (thread != null && !thread.isBlank()) {
            throw new IllegalArgumentException("Slack threads (thread " + thread + ") cannot be addressed through camel-slack");
        }
        exchange.getIn().setHeader(SlackInbound.CHANNEL, channel);
        exchange.getIn().setBody(SlackText.escape(exchange.getIn().getBody(String.class)));
    }

    /**
     * The acknowledgement. camel-slack fails the exchange unless Slack answered {@code ok:true} (see
     * {@link SlackErrors}), but it does not hand back the answer, so the message's {@code ts} is not known here.
     */
    public static String ack(Exchange exchange) throws DeliveryException {
        return "ok";
    }

    public static DeliveryException classify(Throwable error) {
        if (error instanceof IllegalArgumentException e) {
            return new DeliveryException(e.getMessage(), null, true);
        }
        return SlackErrors.classify(error);
    }
}
