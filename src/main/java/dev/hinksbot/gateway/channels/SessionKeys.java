package dev.hinksbot.gateway.channels;

/**
 * Session keys of chat platform conversations: {@code agent:main:{platform}:{chat_type}:{chat_id}[:{thread_id}][:{user_id}]}.
 * In groups and channels each member gets their own session unless {@code perUserInGroups} is off; a DM's chat is
 * already one user's. Always build keys here.
 */
public final class SessionKeys {
    private SessionKeys() {
    }

    public static String of(InboundMessage m, boolean perUserInGroups) {
        StringBuilder key = new StringBuilder("agent:main:").append(m.platform()).append(':').append(m.chatType())
                .append(':').append(m.chatId());
        if (m.threadId() != null && !m.threadId().isEmpty()) {
            key.append(':').append(m.threadId());
        }
        if (!m.isDirect() && perUserInGroups) {
            key.append(':').append(m.userId());
        }
        return key.toString();
    }
}
