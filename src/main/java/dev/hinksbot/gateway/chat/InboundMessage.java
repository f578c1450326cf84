package dev.hinksbot.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message from a chat platform, normalized: every channel turns its input into this before the shared core
 * path. {@code chatType} is {@code dm}, {@code group} or {@code channel}; {@code addressed} says whether a group
 * message was meant for the bot (mention, reply or command). {@code meta} carries platform extras that replies
 * need (a mail's subject and Message-ID).
 */
public record InboundMessage(String platform, String chatType, String chatId, String threadId, String userId,
                             String userName, String text, String messageId, boolean addressed, Instant sentAt,
                             Map<String, String> meta) {
    public static final String DM = "dm";
    public static final String GROUP = "group";
    public static final String CHANNEL = "channel";

    public InboundMessage {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(chatType, "chatType");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(userId, "userId");
        text = text == null ? "" : text;
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        sentAt = sentAt == null ? Instant.now() : sentAt;
    }

    public boolean isDirect() {
        return DM.equals(chatType);
    }

    /** The delivery target that answers this message where it came from: {@code platform:chat[:thread]}. */
    public String originTarget() {
        return platform + ":" + chatId + (threadId == null || threadId.isEmpty() ? "" : ":" + threadId);
    }

    public InboundMessage withText(String newText) {
        return new InboundMessage(platform, chatType, chatId, threadId, userId, userName, newText, messageId, addressed,
                sentAt, meta);
    }

    /** This message with {@code extra} added to its meta (replacing keys it already has). */
    public InboundMessage withMeta(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(meta);
        merged.putAll(extra);
        return new InboundMessage(platform, chatType, chatId, threadId, userId, userName, text, messageId, addressed, sentAt, merged);
    }

    /** The message as JSON, to keep it while it waits (see {@link BusyGuard}). */
    public String toJson() {
        ObjectNode o = Json.object().put("platform", platform).put("chat_type", chatType).put("chat_id", chatId)
                .put("thread_id", threadId).put("user_id", userId).put("user_name", userName).put("text", text)
                .put("message_id", messageId).put("addressed", addressed).put("sent_at", sentAt.toString());
        ObjectNode m = o.putObject("meta");
        meta.forEach(m::put);
        return Json.write(o);
    }

    public static InboundMessage fromJson(String json) {
        JsonNode o;
        try {
            o = Json.parse(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        o.path("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        return new InboundMessage(o.path("platform").asText(), o.path("chat_type").asText(), o.path("chat_id").asText(),
                o.path("thread_id").asText(null), o.path("user_id").asText(), o.path("user_name").asText(null),
                o.path("text").asText(), o.path("message_id").asText(null), o.path("addressed").asBoolean(),
                Instant.parse(o.path("sent_at").asText()), meta);
    }
}
