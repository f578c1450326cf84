package dev.hinksbot.gateway.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.delivery.DeliveryException;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code telegramOutbound}: sends an outbox row (Markdown body, chat and thread headers) through the Bot API and
 * leaves Telegram's message id as the body. The text goes as HTML ({@link TelegramHtml}); a message Telegram refuses
 * for its markup is sent again as the plain text the model wrote, never lost. A forum-topic target
 * ({@code telegram:<chat>:<thread>}) carries {@code message_thread_id}, which camel-telegram 4.17 cannot send, so
 * this bean calls the Bot API itself.
 *
 * <p>A row whose meta names a streamed draft ({@link #META_EDIT}, written for the answer's first part by
 * {@link TelegramDrafts}) replaces the draft's text by {@code editMessageText} instead of sending a new message:
 * editing to the same text twice changes nothing, so this row may be sent again after a crash without a duplicate.
 */
public final class TelegramOutbound implements Processor {
    /** Meta key: the message id of the streamed draft the first part of the answer replaces. */
    public static final String META_EDIT = "telegram_edit_message_id";
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.telegram");

    private final TelegramBotApi api;

    public TelegramOutbound(TelegramBotApi api) {
        this.api = api;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String chat = exchange.getIn().getHeader(DeliveryHeaders.CHAT_ID, String.class);
        String thread = exchange.getIn().getHeader(DeliveryHeaders.THREAD_ID, String.class);
        String text = exchange.getIn().getBody(String.class);
        String edit = editTarget(exchange.getIn().getHeader(DeliveryHeaders.META, String.class),
                exchange.getIn().getHeader(DeliveryHeaders.PART, Integer.class));
        exchange.getMessage().setBody(edit != null ? edit(chat, edit, thread, text) : send(chat, thread, text));
    }

    /** Sends {@code markdown} as a new message; returns its message id. */
    public String send(String chat, String thread, String markdown) throws IOException, InterruptedException {
        ObjectNode body = Json.object().put("chat_id", chat);
        if (thread != null && !thread.isBlank()) {
            if (!thread.strip().matches("\\d{1,18}")) {
                throw new IllegalArgumentException("Telegram topic '" + thread + "' is not a message_thread_id (a number)");
            }
            body.put("message_thread_id", Long.parseLong(thread.strip()));
        }
        JsonNode sent;
        try {
            sent = api.call("sendMessage", body.deepCopy().put("text", TelegramHtml.render(markdown)).put("parse_mode", "HTML"));
        } catch (TelegramBotApi.Failure e) {
            if (!e.badMarkup()) {
                throw e;
            }
            LOG.info("Telegram refused the HTML of a message to {} ({}); sending it as plain text", chat, e.description());
            sent = api.call("sendMessage", body.put("text", markdown));
        }
        return sent.path("message_id").asText("ok");
    }

    /** Replaces the text of message {@code messageId} (as HTML, or plain when Telegram refuses the markup). */
    public void editText(String chat, String messageId, String markdown) throws IOException, InterruptedException {
        ObjectNode body = Json.object().put("chat_id", chat).put("message_id", Long.parseLong(messageId));
        try {
            api.call("editMessageText", body.deepCopy().put("text", TelegramHtml.render(markdown)).put("parse_mode", "HTML"));
        } catch (TelegramBotApi.Failure e) {
            if (!e.badMarkup()) {
                throw e;
            }
            api.call("editMessageText", body.put("text", markdown));
        }
    }

    /** {@link #editText}, for the final answer: a draft that cannot be edited is answered with a new message. */
    public String edit(String chat, String messageId, String thread, String markdown) throws IOException, InterruptedException {
        try {
            editText(chat, messageId, markdown);
            return messageId;
        } catch (TelegramBotApi.Failure e) {
            if (e.notModified()) {
                return messageId; // it already says this: sent before a crash, or the draft had the final text
            }
            if (e.status() == 400) {
                LOG.info("the streamed draft {} in {} cannot be edited ({}); the answer is sent as a new message", messageId, chat, e.description());
                return send(chat, thread, markdown);
            }
            throw e;
        }
    }

    /** The draft to replace: only the answer's first part replaces it, later parts are new messages. */
    static String editTarget(String metaJson, Integer part) {
        if (metaJson == null || metaJson.isBlank() || (part != null && part != 1)) {
            return null;
        }
        try {
            String id = Json.parse(metaJson).path(META_EDIT).asText("");
            return id.matches("\\d{1,18}") ? id : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** True when sending {@code row} again cannot double it: it edits a draft. */
    public static boolean repeatable(dev.hinksbot.gateway.store.OutboxRepository.Row row) {
        return editTarget(row.meta(), row.part()) != null;
    }

    /** The acknowledgement: Telegram's message id. */
    public static String ack(Exchange exchange) throws DeliveryException {
        String id = exchange.getMessage().getBody(String.class);
        if (id == null || id.isBlank()) {
            throw new DeliveryException("Telegram did not acknowledge the message", null, false);
        }
        return id;
    }

    public static DeliveryException classify(Throwable error) {
        if (error instanceof IllegalArgumentException e) {
            return new DeliveryException(e.getMessage(), null, true);
        }
        return TelegramErrors.classify(error);
    }
}
