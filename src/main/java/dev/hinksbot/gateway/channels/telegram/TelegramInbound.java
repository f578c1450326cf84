package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.channels.InboundMessage;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.telegram.model.IncomingMessage;
import org.apache.camel.component.telegram.model.IncomingMessageEntity;
import org.apache.camel.component.telegram.model.User;

/**
 * Bean {@code telegramInbound}: turns a camel-telegram {@link IncomingMessage} into an {@link InboundMessage}
 * (body null for anything without text). In groups the bot answers only when addressed: a command, or a mention
 * of its username ({@code gateway.telegram.bot-username}); the mention is removed from the text.
 */
public final class TelegramInbound implements Processor {
    private final String botUsername;

    public TelegramInbound(String botUsername) {
        this.botUsername = botUsername == null ? "" : botUsername.replaceFirst("^@", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(normalize(exchange.getIn().getBody(IncomingMessage.class)));
    }

    public InboundMessage normalize(IncomingMessage in) {
        if (in == null || in.getText() == null || in.getChat() == null || in.getFrom() == null) {
            return null;
        }
        String type = in.getChat().getType() == null ? "private" : in.getChat().getType();
        String chatType = switch (type) {
            case "private" -> InboundMessage.DM;
            case "channel" -> InboundMessage.CHANNEL;
            default -> InboundMessage.GROUP;
        };
        String text = in.getText();
        boolean addressed = chatType.equals(InboundMessage.DM) || text.strip().startsWith("/");
        if (!botUsername.isEmpty()) {
            String mention = "@" + botUsername;
            if (text.toLowerCase(Locale.ROOT).contains(mention) || mentioned(in)) {
                addressed = true;
                text = text.replaceAll("(?i)" + java.util.regex.Pattern.quote(mention), "").strip();
            }
        }
        User from = in.getFrom();
        String name = from.getUsername() != null ? from.getUsername()
                : ((from.getFirstName() == null ? "" : from.getFirstName()) + " " + (from.getLastName() == null ? "" : from.getLastName())).strip();
        return new InboundMessage("telegram", chatType, in.getChat().getId(), null, String.valueOf(from.getId()), name, text,
                in.getMessageId() == null ? null : String.valueOf(in.getMessageId()), addressed,
                in.getDate() == null ? Instant.now() : in.getDate(), Map.of());
    }

    private boolean mentioned(IncomingMessage in) {
        if (in.getEntities() == null) {
            return false;
        }
        for (IncomingMessageEntity e : in.getEntities()) {
            if ("mention".equals(e.getType()) && e.getOffset() != null && e.getLength() != null
                    && e.getOffset() + e.getLength() <= in.getText().length()
                    && in.getText().substring(e.getOffset(), e.getOffset() + e.getLength()).equalsIgnoreCase("@" + botUsername)) {
                return true;
            }
        }
        return false;
    }
}
