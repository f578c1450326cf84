package dev.hinksbot.gateway.delivery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses a delivery spec into concrete targets: {@code origin} (where the request came from), {@code local}
 * (saved to a file), {@code telegram} (that platform's home channel), {@code telegram:<chat>[:<thread>]},
 * {@code slack:<channel>[:<thread>]}, {@code mail:<address>[:<thread>]}, {@code all} (every home channel), or a
 * comma-separated list of these. An unknown or unconfigured target is an error, never a silent fallback.
 */
public final class DeliveryTargets {
    public static final Set<String> PLATFORMS = Set.of("telegram", "slack", "mail");

    private final Set<String> enabled;
    private final Function<String, Optional<DeliveryTarget>> homes;

    /** {@code enabled}: configured platforms; {@code homes}: a platform's home channel, if it has one. */
    public DeliveryTargets(Set<String> enabled, Function<String, Optional<DeliveryTarget>> homes) {
        this.enabled = Set.copyOf(enabled);
        this.homes = homes;
    }

    public List<DeliveryTarget> resolve(String spec, String origin) {
        if (spec == null || spec.isBlank()) {
            spec = "origin";
        }
        Set<DeliveryTarget> out = new LinkedHashSet<>();
        for (String raw : spec.split(",")) {
            String token = raw.strip();
            if (token.isEmpty()) {
                continue;
            }
            switch (token) {
                case "origin" -> {
                    if (origin == null || origin.isBlank()) {
                        throw new IllegalArgumentException("delivery target 'origin' needs a message to answer; there is none here");
                    }
                    out.add(parseExplicit(origin));
                }
                case "local" -> out.add(DeliveryTarget.local());
                case "all" -> {
                    List<DeliveryTarget> all = new ArrayList<>();
                    enabled.stream().sorted().forEach(p -> homes.apply(p).ifPresent(all::add));
                    if (all.isEmpty()) {
                        throw new IllegalArgumentException("delivery target 'all': no platform has a home channel"
                                + " (set gateway.<platform>.home-channel or use /sethome)");
                    }
                    out.addAll(all);
                }
                default -> out.add(token.contains(":") ? parseExplicit(token) : home(token));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("delivery spec '" + spec + "' names no target");
        }
        return List.copyOf(out);
    }

    private DeliveryTarget home(String platform) {
        requireEnabled(platform, platform);
        return homes.apply(platform).orElseThrow(() -> new IllegalArgumentException("delivery target '" + platform
                + "': " + platform + " has no home channel (set gateway." + platform + ".home-channel or send /sethome there)"));
    }

    private DeliveryTarget parseExplicit(String token) {
        int colon = token.indexOf(':');
        String platform = token.substring(0, colon);
        String rest = token.substring(colon + 1);
        requireEnabled(platform, token);
        if (rest.isBlank()) {
            throw new IllegalArgumentException("delivery target '" + token + "' names no chat");
        }
        if (platform.equals("mail")) {
            // mail:<address>[:<thread>]; the thread is a root Message-ID, which may itself hold ':' (addresses do not)
            int colon2 = rest.indexOf(':');
            String address = colon2 < 0 ? rest : rest.substring(0, colon2);
            if (!address.contains("@")) {
                throw new IllegalArgumentException("delivery target '" + token + "' is not an e-mail address");
            }
            return new DeliveryTarget("mail", address, colon2 < 0 || colon2 == rest.length() - 1 ? null : rest.substring(colon2 + 1));
        }
        int second = rest.indexOf(':');
        return second < 0 ? new DeliveryTarget(platform, rest, null)
                : new DeliveryTarget(platform, rest.substring(0, second), rest.substring(second + 1));
    }

    private void requireEnabled(String platform, String token) {
        if (!PLATFORMS.contains(platform)) {
            throw new IllegalArgumentException("unknown delivery target '" + token
                    + "' (expected origin, local, all, telegram, slack, mail, or <platform>:<chat>)");
        }
        if (!enabled.contains(platform)) {
            throw new IllegalArgumentException("delivery target '" + token + "': " + platform + " is not configured");
        }
    }

    /** Parses a configured home channel value ({@code chat[:thread]}). */
    public static Optional<DeliveryTarget> parseHome(String platform, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (platform.equals("mail")) {
            return Optional.of(new DeliveryTarget(platform, v, null));
        }
        int colon = v.indexOf(':');
        return Optional.of(colon < 0 ? new DeliveryTarget(platform, v, null)
                : new DeliveryTarget(platform, v.substring(0, colon), v.substring(colon + 1)));
    }
}
