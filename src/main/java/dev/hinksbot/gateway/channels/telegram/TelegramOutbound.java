package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.processors.CamelPlatformSender;
import dev.hinksbot.gateway.delivery.DeliveryException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.telegram.model.MessageResult;
import org.apache.camel.component.telegram.model.OutgoingTextMessage;

/**
 * Bean {@code telegramOutbound}: turns an outbox row (text body, chat id header) into camel-telegram's
 * {@link OutgoingTextMessage} for {@code sendMessage}. camel-telegram 4.17 has no {@code message_thread_id}, so a
 * forum-topic target fails permanently (visible in the outbox) instead of landing in the wrong place.
 */
public final class TelegramOutbound implements Processor {
    @Override
    public void process(Exchange exchange) {
        String thread = exchange.getIn().getHeader(CamelPlatformSender.THREAD_ID, String.class);
        if (thread != null && !thread.isBlank()) {
            throw new IllegalArgumentException("Telegram forum topics (thread " + thread + ") cannot be addressed through camel-telegram");
        }
        OutgoingTextMessage message = new OutgoingTextMessage();
        message.setChatId(exchange.getIn().getHeader(CamelPlatformSender.CHAT_ID, String.class));
        message.setText(exchange.getIn().getBody(String.class));
        exchange.getIn().setBody(message);
    }

    /** The acknowledgement: Telegram's message id, or a failure when the Bot API said {@code ok:false}. */
    public static String ack(Exchange exchange) throws DeliveryException {
        MessageResult result = exchange.getMessage().getBody(MessageResult.class);
        if (result == null || !result.isOk()) {
            throw new DeliveryException("Telegram did not acknowledge the message", null, false);
        }
        return result.getMessage() != null && result.getMessage().getMessageId() != null
                ? String.valueOf(result.getMessage().getMessageId()) : "ok";
    }

    public static DeliveryException classify(Throwable error) {
        if (error instanceof IllegalArgumentException e) {
            return new DeliveryException(e.getMessage(), null, true);
        }
        return TelegramErrors.classify(error);
    }
}
