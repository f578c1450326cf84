package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
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

    /**
     * The delivery target ({@code platform:chat[:thread]}) of the chat a key belongs to. A group key with one extra
     * part is read as per-user (the default), so its thread, if any, is not recovered.
     */
    public static String originTarget(String key) {
        String[] p = key.split(":");
        if (p.length < 5 || !p[0].equals("agent")) {
            return null;
        }
        boolean dm = InboundMessage.DM.equals(p[3]);
        String thread = dm && p.length >= 6 ? p[5] : !dm && p.length >= 7 ? p[5] : null;
        return p[2] + ":" + p[4] + (thread == null || thread.isEmpty() ? "" : ":" + thread);
    }
}
