package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.common.ConfigException;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the messaging channels (Telegram, Slack, e-mail), the shared chat core path (authorization, reset
 * policies, busy guard, tool progress) and delivery, validated once at start-up from the `gateway.*` keys.
 */
public record ChannelsConfig(
        boolean allowAllUsers,
        List<String> allowedUsers,
        List<String> admins,
        boolean pairingEnabled,
        int queueLimit,
        ZoneId timeZone,
        boolean groupSessionsPerUser,
        String deliveryDir,
        int deliveryMaxAttempts,
        Duration deliveryRetryDelay,
        Duration deliveryMaxRetryDelay,
        Duration deliveryDrainTimeout,
        Duration shutdownGrace,
        Duration pollerLease,
        Map<String, Platform> platforms) {

    public static final List<String> PLATFORMS = List.of("telegram", "slack", "mail");
    public static final Set<String> BUSY_MODES = Set.of("interrupt", "queue", "steer");
    public static final Set<String> RESET_MODES = Set.of("both", "daily", "idle", "none");
    public static final Set<String> TOOL_PROGRESS = Set.of("off", "new", "all", "verbose");

    /** One chat platform (or `websocket`, which only uses the chat settings). */
    public record Platform(String name, boolean enabled, List<String> allowedUsers, String homeChannel,
                           String resetMode, int resetHour, int resetIdleMinutes, String toolProgress, String busyMode,
                           Map<String, String> settings) {
        public String setting(String key) {
            return settings.getOrDefault(key, "");
        }
    }

    public Platform platform(String name) {
        Platform p = platforms.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown platform '" + name + "'");
        }
        return p;
    }

    /** Whether unknown DMs on {@code platform} get a pairing code: e-mail only with {@code gateway.mail.pairing=true}. */
    public boolean pairingEnabled(String platform) {
        return pairingEnabled && (!platform.equals("mail") || "true".equalsIgnoreCase(platform(platform).setting("pairing")));
    }

    public static ChannelsConfig from(Map<String, String> p) {
        String resetMode = oneOf(p, "gateway.chat.reset-mode", RESET_MODES);
        int resetHour = ConfigLoader.integer(p, "gateway.chat.reset-hour", 0, 23);
        int idle = ConfigLoader.integer(p, "gateway.chat.reset-idle-minutes", 1, 525_600);
        String toolProgress = oneOf(p, "gateway.chat.tool-progress", TOOL_PROGRESS);
        String busyMode = oneOf(p, "gateway.chat.busy-mode", BUSY_MODES);
        ZoneId zone;
        try {
            String zoneName = p.get("gateway.chat.time-zone").trim();
            zone = zoneName.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zoneName); // empty: the system's zone
        } catch (RuntimeException e) {
            throw new ConfigException("gateway.chat.time-zone=" + p.get("gateway.chat.time-zone") + " is not a time zone (e.g. UTC, Europe/Berlin)");
        }
        Map<String, Platform> platforms = new LinkedHashMap<>();
        for (String name : PLATFORMS) {
            String prefix = "gateway." + name + ".";
            Map<String, String> settings = new LinkedHashMap<>();
            p.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    settings.put(k.substring(prefix.length()), v == null ? "" : v.trim());
                }
            });
            boolean enabled = switch (name) {
                case "telegram", "slack" -> !settings.getOrDefault("token", "").isEmpty();
                default -> !settings.getOrDefault("imap.host", "").isEmpty() || !settings.getOrDefault("smtp.host", "").isEmpty();
            };
            String platformReset = override(p, prefix + "reset-mode", resetMode, RESET_MODES);
            String platformIdle = p.getOrDefault(prefix + "reset-idle-minutes", "");
            int platformIdleMinutes = platformIdle.isBlank() ? idle : ConfigLoader.integer(p, prefix + "reset-idle-minutes", 1, 525_600);
            platforms.put(name, new Platform(name, enabled, list(p.get(prefix + "allowed-users")),
                    settings.getOrDefault("home-channel", ""), platformReset, resetHour, platformIdleMinutes,
                    override(p, prefix + "tool-progress", toolProgress, TOOL_PROGRESS),
                    override(p, prefix + "busy-mode", busyMode, BUSY_MODES), Map.copyOf(settings)));
            if (enabled) {
                validatePlatform(p, name, prefix);
            }
        }
        // read even for a channel that is off (the beans are built either way)
        ConfigLoader.integer(p, "gateway.telegram.max-file-bytes", 1024, Integer.MAX_VALUE);
        ConfigLoader.integer(p, "gateway.mail.max-attachment-bytes", 1024, Integer.MAX_VALUE);
        platforms.put("websocket", new Platform("websocket", true, List.of(), "", "none", resetHour, idle, toolProgress,
                busyMode, Map.of()));
        int maxAttempts = ConfigLoader.integer(p, "gateway.delivery.max-attempts", 1, 100);
        return new ChannelsConfig(ConfigLoader.bool(p, "gateway.allow-all-users"), list(p.get("gateway.allowed-users")),
                admins(p), ConfigLoader.bool(p, "gateway.pairing.enabled"), ConfigLoader.integer(p, "gateway.chat.queue-limit", 1, 1000), zone,
                ConfigLoader.bool(p, "gateway.chat.group-sessions-per-user"), p.get("gateway.delivery.dir"), maxAttempts,
                ConfigLoader.duration(p, "gateway.delivery.retry-delay"),
                ConfigLoader.duration(p, "gateway.delivery.max-retry-delay"),
                ConfigLoader.duration(p, "gateway.delivery.drain-timeout"),
                ConfigLoader.duration(p, "gateway.chat.shutdown-grace"),
                ConfigLoader.duration(p, "gateway.chat.poller-lease"), Map.copyOf(platforms));
    }

    /** {@code gateway.admins}: {@code platform:user-id} entries, each naming a chat platform. */
    private static List<String> admins(Map<String, String> p) {
        List<String> admins = list(p.get("gateway.admins"));
        for (String a : admins) {
            int colon = a.indexOf(':');
            if (colon <= 0 || colon == a.length() - 1 || !PLATFORMS.contains(a.substring(0, colon).toLowerCase(Locale.ROOT))) {
                throw new ConfigException("gateway.admins: '" + a + "' is not platform:user-id with a platform of "
                        + String.join("|", PLATFORMS) + " (e.g. telegram:111,mail:me@example.com)");
            }
        }
        return admins;
    }

    private static void validatePlatform(Map<String, String> p, String name, String prefix) {
        switch (name) {
            case "telegram" -> {
                url(p, prefix + "api-url");
                ConfigLoader.duration(p, prefix + "poll-delay");
                ConfigLoader.bool(p, prefix + "stream");
                ConfigLoader.duration(p, prefix + "stream-interval");
            }
            case "slack" -> {
                url(p, prefix + "api-url");
                ConfigLoader.duration(p, prefix + "poll-delay");
                ConfigLoader.bool(p, prefix + "stream");
                ConfigLoader.duration(p, prefix + "stream-interval");
                String command = p.getOrDefault(prefix + "command", "");
                if (!command.matches("/[a-z0-9_-]{1,32}")) {
                    throw new ConfigException(prefix + "command: '" + command + "' is not a Slack slash command "
                            + "(a '/' and up to 32 lowercase letters, digits, '-' or '_', e.g. /hinksbot)");
                }
                String appToken = p.getOrDefault(prefix + "app-token", "").trim();
                boolean socketMode = !appToken.isEmpty();
                if (socketMode && !appToken.startsWith("xapp-")) {
                    // a bot token (xoxb-) here is the usual slip; the value itself is never printed
                    throw new ConfigException(prefix + "app-token must be the app-level token (xapp-…, with connections:write), "
                            + "not the bot token");
                }
                if (!socketMode && list(p.get(prefix + "channels")).isEmpty()) {
                    throw new ConfigException(prefix + "channels must name at least one channel (e.g. general) when "
                            + prefix + "token is set without " + prefix + "app-token (polling mode)");
                }
                for (String channel : list(p.get(prefix + "channels"))) {
                    // camel-slack finds a channel by its name; the name also becomes part of a route id and URI.
                    // Socket Mode also takes channel ids (C…/G…), which need no conversations.list.
                    boolean id = socketMode && channel.matches("[CG][A-Z0-9]{2,}");
                    if (!id && !channel.matches("#?[a-z0-9][a-z0-9._-]{0,79}")) {
                        throw new ConfigException(prefix + "channels: '" + channel + "' is not a Slack channel name "
                                + "(lowercase letters, digits, '-', '_' and '.', e.g. general"
                                + (socketMode ? ") or channel id (e.g. C0123ABCD)" : ")"));
                    }
                }
            }
            default -> {
                oneOf(p, prefix + "security", Set.of("ssl", "starttls", "none"));
                ConfigLoader.duration(p, prefix + "poll-delay");
                ConfigLoader.bool(p, prefix + "pairing");
                if (p.getOrDefault(prefix + "smtp.host", "").isBlank()) {
                    throw new ConfigException(prefix + "smtp.host must be set: the e-mail channel answers and delivers by SMTP");
                }
                if (!p.getOrDefault(prefix + "imap.host", "").isBlank()) {
                    ConfigLoader.integer(p, prefix + "imap.port", 1, 65535);
                }
                if (!p.getOrDefault(prefix + "smtp.host", "").isBlank()) {
                    ConfigLoader.integer(p, prefix + "smtp.port", 1, 65535);
                }
                if (p.getOrDefault(prefix + "address", "").isBlank()) {
                    throw new ConfigException(prefix + "address must be set (the gateway's own e-mail address)");
                }
            }
        }
    }

    public static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void url(Map<String, String> p, String key) {
        String value = p.get(key);
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + "='" + value + "' is not an http(s) URL");
        }
    }

    private static String override(Map<String, String> p, String key, String fallback, Set<String> allowed) {
        String v = p.getOrDefault(key, "");
        return v == null || v.isBlank() ? fallback : oneOf(p, key, allowed);
    }

    static String oneOf(Map<String, String> p, String key, Set<String> allowed) {
        String v = p.getOrDefault(key, "").trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ConfigException(key + "=" + p.get(key) + " must be one of " + String.join("|", allowed.stream().sorted().toList()));
        }
        return v;
    }
}
