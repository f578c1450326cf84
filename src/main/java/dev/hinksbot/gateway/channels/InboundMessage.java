package dev.hinksbot.gateway.channels;

import java.time.Instant;
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
}
