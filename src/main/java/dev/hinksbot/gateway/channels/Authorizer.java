package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.store.PairingRepository;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Who may reach the agent, default deny, checked in this order: the admins ({@code gateway.admins}), the allow-all flag, the pairing store (read
 * from the database on every message, so a CLI approval takes effect at once), the platform's allowlist, the
 * gateway-wide allowlist. Anyone else is denied: an unknown user in a DM is offered a pairing code (when pairing is
 * on for that platform: e-mail keeps it off by default, an answer to any sender would be a spam amplifier), an
 * unknown user in a group or channel is ignored silently.
 */
public final class Authorizer {
    public enum Decision { ALLOW, PAIR, IGNORE }

    private final boolean allowAll;
    private final Predicate<String> pairingEnabled;
    private final PairingRepository pairing;
    private final Map<String, Set<String>> platformAllowlists;
    private final Set<String> gatewayAllowlist;
    private final Roles roles;

    public Authorizer(boolean allowAll, boolean pairingEnabled, PairingRepository pairing,
                      Map<String, List<String>> platformAllowlists, List<String> gatewayAllowlist) {
        this(allowAll, platform -> pairingEnabled, pairing, platformAllowlists, gatewayAllowlist, new Roles(List.of()));
    }

    /** {@code pairingEnabled}: per platform, whether an unknown DM is offered a pairing code. */
    public Authorizer(boolean allowAll, Predicate<String> pairingEnabled, PairingRepository pairing,
                      Map<String, List<String>> platformAllowlists, List<String> gatewayAllowlist, Roles roles) {
        this.roles = roles;
        this.allowAll = allowAll;
        this.pairingEnabled = pairingEnabled;
        this.pairing = pairing;
        this.platformAllowlists = platformAllowlists.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> normalize(e.getValue())));
        this.gatewayAllowlist = normalize(gatewayAllowlist);
    }

    public Decision decide(InboundMessage m) {
        if (allowAll || roles.isAdmin(m.platform(), m.userId())) {
            return Decision.ALLOW;
        }
        if (pairing.isPaired(m.platform(), m.userId())) {
            return Decision.ALLOW;
        }
        String user = m.userId().toLowerCase(Locale.ROOT);
        if (platformAllowlists.getOrDefault(m.platform(), Set.of()).contains(user)) {
            return Decision.ALLOW;
        }
        if (gatewayAllowlist.contains(user)) {
            return Decision.ALLOW;
        }
        return m.isDirect() && pairingEnabled.test(m.platform()) ? Decision.PAIR : Decision.IGNORE;
    }

    private static Set<String> normalize(List<String> ids) {
        return ids.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
