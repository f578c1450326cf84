package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The owner's identities ({@code gateway.admins}: {@code platform:user-id}, e.g. {@code telegram:111}) are admins;
 * everyone else who gets past authorization (allowlists, pairing) is a user. Compared case-insensitively, as the
 * allowlists are (an e-mail address may arrive in any case).
 */
public final class Roles {
    private final Set<String> admins;

    public Roles(List<String> admins) {
        this.admins = admins.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public Caller.Role roleOf(String platform, String userId) {
        return admins.contains((platform + ":" + userId).toLowerCase(Locale.ROOT)) ? Caller.Role.ADMIN : Caller.Role.USER;
    }

    public boolean isAdmin(String platform, String userId) {
        return roleOf(platform, userId) == Caller.Role.ADMIN;
    }

    public Caller callerOf(InboundMessage m) {
        return Caller.of(m, roleOf(m.platform(), m.userId()));
    }
}
