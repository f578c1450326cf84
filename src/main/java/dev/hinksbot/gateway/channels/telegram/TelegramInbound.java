package dev.hinksbot.gateway.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.channels.Attachments;
import dev.hinksbot.gateway.chat.InboundMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code telegramInbound}: turns the raw Bot API update (header {@link #RAW_UPDATE}) into an
 * {@link InboundMessage} (body null for anything the bot does not answer). The text is the message's text or its
 * media's caption. In groups the bot answers only when addressed: a command, or a mention of its username
 * ({@link TelegramIdentity}); the mention is removed from the text, and a command addressed to another bot
 * ({@code /weather@OtherBot}) is ignored. A message in a forum topic carries the topic as its thread, so the topic is
 * its own session and the answer goes back into it. Photos and documents are fetched later, once the sender is
 * authorized ({@link TelegramFiles} in header {@link Attachments#HEADER}); a voice note is answered with a notice.
 */
public final class TelegramInbound implements Processor {
    /** Header: the update as Telegram sent it (a Jackson tree). */
    public static final String RAW_UPDATE = "HinksbotTelegramUpdate";
    static final String VOICE_NOTICE = "🎤 Voice messages are not supported yet — please type your message.";
    private static final Pattern COMMAND = Pattern.compile("^(/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)");

    private final Supplier<String> botUsername;
    private final TelegramFiles files;

    public TelegramInbound(Supplier<String> botUsername, TelegramFiles files) {
        this.botUsername = botUsername;
        this.files = files;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode update = exchange.getIn().getHeader(RAW_UPDATE, JsonNode.class);
        JsonNode message = update == null ? null : update.has("message") ? update.get("message") : update.get("channel_post");
        InboundMessage m = message == null ? null : normalize(message);
        exchange.getIn().setBody(m);
        if (m != null && files != null && TelegramFiles.hasFiles(message)) {
            exchange.getIn().setHeader(Attachments.HEADER, files.of(message));
        }
    }

    public InboundMessage normalize(JsonNode in) {
        JsonNode chat = in.path("chat");
        JsonNode from = in.path("from");
        if (!chat.has("id") || !from.has("id")) {
            return null;
        }
        String chatType = switch (chat.path("type").asText("private")) {
            case "private" -> InboundMessage.DM;
            case "channel" -> InboundMessage.CHANNEL;
            default -> InboundMessage.GROUP;
        };
        Map<String, String> meta = new LinkedHashMap<>();
        String text = in.hasNonNull("text") ? in.get("text").asText() : in.path("caption").asText("");
        boolean voice = in.has("voice") || in.has("video_note") || in.has("audio");
        if (voice) {
            meta.put(Attachments.META_NOTICE, VOICE_NOTICE);
        }
        if (text.isBlank() && !voice && !TelegramFiles.hasFiles(in)) {
            return null; // stickers, locations, service messages: nothing to answer
        }
        String bot = botUsername.get();
        boolean addressed = chatType.equals(InboundMessage.DM);
        Matcher command = COMMAND.matcher(text.strip());
        if (command.find()) {
            if (!command.group(2).equalsIgnoreCase(bot)) {
                return null; // "/weather@OtherBot": another bot's command
            }
            text = command.group(1) + text.strip().substring(command.end());
            addressed = true;
        } else if (text.strip().startsWith("/")) {
            addressed = true;
        }
        if (!bot.isEmpty()) {
            String mention = "@" + bot;
            if (text.toLowerCase(Locale.ROOT).contains(mention) || mentioned(in, bot)) {
                addressed = true;
                text = text.replaceAll("(?i)" + Pattern.quote(mention), "").strip();
            }
        }
        if (!addressed && in.path("reply_to_message").path("from").path("username").asText("").equalsIgnoreCase(bot) && !bot.isEmpty()) {
            addressed = true; // a reply to the bot's own message
        }
        // only a forum topic is a thread: message_thread_id in other groups names a reply chain, not a place to post
        String thread = in.path("is_topic_message").asBoolean(false) && in.has("message_thread_id")
                ? in.get("message_thread_id").asText() : null;
        String name = from.hasNonNull("username") ? from.get("username").asText()
                : (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).strip();
        return new InboundMessage("telegram", chatType, chat.get("id").asText(), thread, from.get("id").asText(), name, text,
                in.has("message_id") ? in.get("message_id").asText() : null, addressed,
                in.has("date") ? Instant.ofEpochSecond(in.get("date").asLong()) : Instant.now(), meta);
    }

    private static boolean mentioned(JsonNode in, String bot) {
        String text = in.hasNonNull("text") ? in.get("text").asText() : in.path("caption").asText("");
        JsonNode entities = in.has("entities") ? in.get("entities") : in.path("caption_entities");
        for (JsonNode e : entities) {
            int offset = e.path("offset").asInt(-1);
            int length = e.path("length").asInt(-1);
            if ("mention".equals(e.path("type").asText()) && offset >= 0 && length > 0 && offset + length <= text.length()
                    && text.substring(offset, offset + length).equalsIgnoreCase("@" + bot)) {
                return true;
            }
        }
        return false;
    }
}
