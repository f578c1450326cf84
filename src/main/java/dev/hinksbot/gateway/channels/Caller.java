package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.store.OwnerScope;
import java.util.Set;

/**
 * Who sent a command or message, and in which chat: their role, and {@code owner}, the owner recorded on the chat's
 * sessions ({@code user:telegram:111} for a DM, {@code group:telegram:-100500} for a group or channel). The web UI and
 * API key holders are the admin {@link #WEB}, with no chat.
 */
public record Caller(String platform, String userId, Role role, String owner) {
    public enum Role {
        ADMIN, USER;

        public String label() {
            return this == ADMIN ? "admin" : "user";
        }
    }

    public static final Caller WEB = new Caller("websocket", null, Role.ADMIN, null);

    public static Caller of(InboundMessage m, Role role) {
        return new Caller(m.platform(), m.userId(), role, ownerOf(m));
    }

    /** The owner of the sessions of {@code m}'s chat: its sender in a DM, the group or channel otherwise. */
    public static String ownerOf(InboundMessage m) {
        return m.isDirect() ? userKey(m.platform(), m.userId()) : "group:" + m.platform() + ":" + m.chatId();
    }

    /** The identity of a person on a platform, as recorded on cron jobs they create: {@code user:telegram:111}. */
    public static String userKey(String platform, String userId) {
        return "user:" + platform + ":" + userId;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** {@code user:<platform>:<user id>}, or the platform's name for the web UI. */
    public String userKey() {
        return userId == null ? platform : userKey(platform, userId);
    }

    /**
     * The sessions this caller may list, resume and search: their chat's own. An admin's chat also sees the sessions of
     * the web UI, the API and cron (which have no owner); the web UI sees every session, as its REST API does.
     */
    public OwnerScope sessions() {
        if (owner == null) {
            return OwnerScope.ALL;
        }
        return new OwnerScope(Set.of(owner), isAdmin(), false);
    }
}
