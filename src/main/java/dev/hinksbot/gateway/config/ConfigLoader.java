package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.common.ConfigException;

import dev.hinksbot.gateway.tools.approval.ApprovalMode;
import dev.hinksbot.gateway.tools.net.WebAllow;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the one config file (`config/application.properties` in the {@link GatewayHome}, or the file
 * `HINKSBOT_GATEWAY_CONFIG` names) and lays overrides on top: environment variables (`GATEWAY_LLAMA_BASE_URL` for `gateway.llama.base-url`), then
 * system properties (`-Dgateway.llama.base-url=…`), then explicit overrides (tests). Validates `gateway.*`.
 * Relative paths in the result are resolved against the home, so the gateway runs the same from any folder.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    public static final String CONFIG_ENV = "HINKSBOT_GATEWAY_CONFIG";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    /**
     * The seed's environment variable names for the allowlists, accepted besides each key's own name
     * ({@code GATEWAY_TELEGRAM_ALLOWED_USERS}, which wins when both are set). {@code GATEWAY_ALLOWED_USERS} and
     * {@code GATEWAY_ALLOW_ALL_USERS} already are the own names of {@code gateway.allowed-users} and
     * {@code gateway.allow-all-users}.
     */
    static final Map<String, List<String>> ENV_ALIASES = Map.of(
            "gateway.telegram.allowed-users", List.of("TELEGRAM_ALLOWED_USERS"),
            "gateway.slack.allowed-users", List.of("SLACK_ALLOWED_USERS"),
            "gateway.mail.allowed-users", List.of("MAIL_ALLOWED_USERS", "EMAIL_ALLOWED_USERS"));
    /** Who may reach the agent and who is an admin: where each came from is logged at start-up (never a secret). */
    static final List<String> ACCESS_KEYS = List.of("gateway.admins", "gateway.allow-all-users", "gateway.allowed-users",
            "gateway.telegram.allowed-users", "gateway.slack.allowed-users", "gateway.mail.allowed-users");

    private final Map<String, String> env;
    private final Properties system;
    private final List<String> accessSources = new ArrayList<>();
    private final GatewayHome home;

    public ConfigLoader(Map<String, String> env, Properties system) {
        this.env = env;
        this.system = system;
        this.home = GatewayHome.resolve(env, system);
    }

    public GatewayHome home() {
        return home;
    }

    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System.getenv(), System.getProperties());
    }

    public Path configFile() {
        String named = env.get(CONFIG_ENV);
        return named != null && !named.isBlank() ? home.resolve(named.strip()) : home.configFile();
    }

    /** All `camel.*` and `gateway.*` properties after overrides, in key order. */
    public Map<String, String> load(Map<String, String> overrides) {
        Path seedFile = configFile();
        boolean seed = SeedConfig.isSeedFile(seedFile);
        if (seed && !Files.isRegularFile(seedFile)) {
            throw new ConfigException(CONFIG_ENV + " names " + seedFile + ", which is not a readable file");
        }
        // the seed's config.yaml sets a few keys; the home's application.properties (routes, Camel) stays under it
        Properties seedProps = seed ? SeedConfig.read(seedFile) : new Properties();
        if (seed) {
            exposedSecretWarning(seedFile, seedProps).ifPresent(LOG::warn);
            LOG.info("read {} in the seed's config.yaml format: {}", seedFile, SeedConfig.describe(seedProps));
        }
        Path file = seed ? home.configFile() : seedFile;
        Properties fileProps = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fileProps.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            exposedSecretWarning(file, fileProps).ifPresent(LOG::warn);
        } else if (env.containsKey(CONFIG_ENV) && !seed) {
            throw new ConfigException(CONFIG_ENV + " names " + file + ", which is not a readable file");
        } else {
            throw new ConfigException("no config file " + file + " (home " + home.root() + "): run `hinksbot init "
                    + home.root() + "` to write a home with the defaults, or pass --home DIR / set " + GatewayHome.ENV);
        }
        Map<String, String> merged = new TreeMap<>();
        Map<String, String> source = new HashMap<>();
        fileProps.stringPropertyNames().forEach(k -> {
            merged.put(k, fileProps.getProperty(k).trim());
            source.put(k, "config file " + file);
        });
        seedProps.stringPropertyNames().forEach(k -> {
            merged.put(k, seedProps.getProperty(k));
            source.put(k, "seed config " + seedFile);
        });
        // an older home's file lacks newer keys: they take the shipped default
        ConfigKeys.shipped().gatewayDefaults().forEach(merged::putIfAbsent);
        ENV_ALIASES.forEach((key, names) -> names.stream().filter(n -> env.get(n) != null).findFirst().ifPresent(n -> {
            merged.put(key, env.get(n).trim());
            source.put(key, "environment " + n);
        }));
        for (String key : List.copyOf(merged.keySet())) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                merged.put(key, fromEnv.trim());
                source.put(key, "environment " + envName(key));
            }
        }
        system.stringPropertyNames().stream()
                .filter(k -> k.startsWith("gateway.") || k.startsWith("camel."))
                .forEach(k -> {
                    merged.put(k, system.getProperty(k).trim());
                    source.put(k, "system property");
                });
        merged.putAll(overrides);
        overrides.keySet().forEach(k -> source.put(k, "override"));
        // routes append paths to the platform API URLs ({{gateway.slack.api-url}}/api/…): no trailing slash
        merged.replaceAll((k, v) -> k.startsWith("gateway.") && k.endsWith(".api-url") ? v.replaceAll("/+$", "") : v);
        accessSources.clear();
        for (String key : ACCESS_KEYS) {
            String value = merged.getOrDefault(key, "");
            // the count, not the ids: which source won is what an operator needs to see
            accessSources.add(key + " set by " + source.getOrDefault(key, "default") + ": " + (key.endsWith("allow-all-users")
                    ? value : ChannelsConfig.list(value).size() + " entr" + (ChannelsConfig.list(value).size() == 1 ? "y" : "ies")));
        }
        return home.anchor(merged);
    }

    /** Logs, one INFO line each, which source set the allowlists and admins of the last {@link #load} (a gateway's start). */
    public void logAccessSources() {
        accessSources.forEach(LOG::info);
    }

    /**
     * One line naming the config file and the fix when it holds a secret (a non-empty key of
     * {@link GatewayConfig#SECRET_KEYS}) and other users may read it; empty otherwise or off POSIX file systems.
     */
    public static Optional<String> exposedSecretWarning(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        return exposedSecretWarning(file, props);
    }

    private static Optional<String> exposedSecretWarning(Path file, Properties fileProps) {
        List<String> secrets = GatewayConfig.SECRET_KEYS.stream()
                .filter(k -> !fileProps.getProperty(k, "").isBlank()).toList();
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.empty();
        }
        return Optional.of("config file " + file + " holds " + String.join(", ", secrets) + " and is readable by "
                + (perms.contains(PosixFilePermission.OTHERS_READ) ? "every user" : "its group")
                + " (" + PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Turns the merged properties into a validated {@link GatewayConfig}, or one clear line naming the key. */
    public static GatewayConfig validate(Map<String, String> p) {
        ConfigKeys keys = ConfigKeys.shipped();
        for (String key : p.keySet()) {
            if (key.startsWith("gateway.") && !keys.isGatewayKey(key)) {
                throw new ConfigException("unknown config key '" + key + "'" + suggestion(key, keys.gatewayNames()));
            }
        }
        // the shipped camel.* keys are Camel's (ConfigKeysTest): only the ones a user added are looked up in its metadata
        Map<String, String> added = new java.util.HashMap<>(p);
        added.keySet().removeIf(keys::isShipped);
        new CamelKeys(ConfigLoader::suggestion).check(added);
        String host = p.getOrDefault("camel.server.host", "127.0.0.1");
        int port = integer(p, "camel.server.port", p.getOrDefault("camel.server.port", "8000"), 0, 65535);
        String apiKey = p.get("gateway.api.key");
        if (!GatewayConfig.isLoopback(host) && apiKey.isEmpty()) {
            throw new ConfigException("camel.server.host=" + host + " listens beyond loopback: set gateway.api.key so the API is not open to the network");
        }
        String baseUrl = p.get("gateway.llama.base-url");
        try {
            URI uri = URI.create(baseUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gateway.llama.base-url='" + baseUrl + "' is not an http(s) URL (e.g. http://localhost:8080)");
        }
        String webSearch = p.get("gateway.tools.web-search-url");
        List<String> groups = ChannelsConfig.list(p.get("gateway.defaults.tool-groups"));
        return new GatewayConfig(
                host, port, baseUrl, p.get("gateway.llama.api-key"),
                duration(p, "gateway.llama.connect-timeout"),
                duration(p, "gateway.llama.request-timeout"),
                duration(p, "gateway.llama.idle-timeout"),
                breaker(p),
                path(p, "gateway.database.path"),
                busyTimeout(p),
                path(p, "gateway.workspace"),
                apiKey,
                integer(p, "gateway.api.max-body-bytes", p.get("gateway.api.max-body-bytes"), 1024, Integer.MAX_VALUE),
                p.get("gateway.defaults.model"),
                p.get("gateway.defaults.system-prompt"),
                integer(p, "gateway.defaults.max-turns", p.get("gateway.defaults.max-turns"), 1, 1000),
                integer(p, "gateway.defaults.context-window", p.get("gateway.defaults.context-window"), 0, 100_000_000),
                integer(p, "gateway.defaults.answer-reserve", p.get("gateway.defaults.answer-reserve"), 0, 100_000_000),
                groups,
                path(p, "gateway.tools.dir"),
                duration(p, "gateway.tools.shell-timeout"),
                integer(p, "gateway.tools.output-cap", p.get("gateway.tools.output-cap"), 100, 10_000_000),
                webSearch.isEmpty() ? null : webSearch,
                duration(p, "gateway.tools.web-timeout"),
                webAllow(p),
                duration(p, "gateway.tools.client-timeout"),
                // always: every shell/command tool call asks; dangerous: run_shell asks unless provably read-only;
                // off: every call runs
                ApprovalMode.parse(ChannelsConfig.oneOf(p, "gateway.tools.approvals", Set.of("always", "dangerous", "off"))),
                duration(p, "gateway.tools.approval-timeout"),
                "bwrap".equals(ChannelsConfig.oneOf(p, "gateway.tools.sandbox", Set.of("bwrap", "off"))),
                "on".equals(ChannelsConfig.oneOf(p, "gateway.tools.sandbox.network", Set.of("on", "off"))),
                new GatewayConfig.OpenAiSettings(path(p, "gateway.agent.dir"),
                        integer(p, "gateway.api.max-concurrent-runs", p.get("gateway.api.max-concurrent-runs"), 1, 100_000),
                        ChannelsConfig.list(p.get("gateway.api.cors-origins")),
                        allowedHosts(p),
                        duration(p, "gateway.api.keepalive-interval"),
                        duration(p, "gateway.api.responses-retention"),
                        bool(p, "gateway.api.pass-through-fast-path")));
    }

    /** The llama-server breaker; probes must be frequent and short enough to fail a frozen model's runs in seconds. */
    private static GatewayConfig.Breaker breaker(Map<String, String> p) {
        Duration interval = duration(p, "gateway.llama.breaker.probe-interval");
        Duration timeout = duration(p, "gateway.llama.breaker.probe-timeout");
        for (var e : Map.of("gateway.llama.breaker.probe-interval", interval, "gateway.llama.breaker.probe-timeout", timeout).entrySet()) {
            if (e.getValue().toMillis() < 100 || e.getValue().toMinutes() > 10) {
                throw new ConfigException(e.getKey() + "=" + p.get(e.getKey()) + " is out of range (100ms..10m; 2s is usual)");
            }
        }
        return new GatewayConfig.Breaker(integer(p, "gateway.llama.breaker.failures", 1, 1000), interval, timeout);
    }

    /** How long a write waits for another process's lock (sqlite3, a backup) before answering 503 store_busy. */
    private static Duration busyTimeout(Map<String, String> p) {
        Duration d = duration(p, "gateway.database.busy-timeout");
        if (d.toMillis() > Integer.MAX_VALUE) {
            throw new ConfigException("gateway.database.busy-timeout=" + p.get("gateway.database.busy-timeout")
                    + " is too long (SQLite takes at most about 24 days; 30s is usual)");
        }
        return d;
    }

    /** Host names (or addresses) besides loopback and the bound address that requests may name in {@code Host}. */
    private static List<String> allowedHosts(Map<String, String> p) {
        List<String> hosts = ChannelsConfig.list(p.get("gateway.api.allowed-hosts"));
        for (String h : hosts) {
            if (!h.matches("\\[?[A-Za-z0-9._:-]+]?")) {
                throw new ConfigException("gateway.api.allowed-hosts: '" + h + "' is not a host name or address "
                        + "(list names only, without scheme or port, e.g. gateway.example.com)");
            }
        }
        return hosts;
    }

    /** Hosts the network tools may reach although they are internal; a bad entry names itself. */
    private static WebAllow webAllow(Map<String, String> p) {
        try {
            return WebAllow.parse(p.get(WebAllow.KEY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(WebAllow.KEY + ": " + e.getMessage());
        }
    }

    static boolean bool(Map<String, String> p, String key) {
        String value = p.getOrDefault(key, "").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(key + "=" + p.get(key) + " must be true or false");
        }
        return value.equals("true");
    }

    private static Path path(Map<String, String> p, String key) {
        String value = p.get(key);
        if (value.isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
        return Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
    }

    static int integer(Map<String, String> p, String key, int min, int max) {
        return integer(p, key, p.getOrDefault(key, ""), min, max);
    }

    private static int integer(Map<String, String> p, String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new ConfigException(key + "=" + value + " is out of range (" + min + ".." + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + value + " is not a whole number");
        }
    }

    static Duration duration(Map<String, String> p, String key) {
        String value = p.get(key);
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new ConfigException(key + "=" + value + " is not a duration (e.g. 500ms, 30s, 5m, 1h, 7d)");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            d.toMillis(); // timeouts are used in milliseconds; this must not overflow later
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key + "=" + value + " is too large for a duration");
        }
        if (d.isZero()) {
            throw new ConfigException(key + "=" + value + " must be greater than zero");
        }
        return d;
    }

    /** A duration value (as in the config file) in milliseconds. */
    public static long durationMillis(String value) {
        return duration(Map.of("value", value), "value").toMillis();
    }

    /** " (did you mean 'k'?)" for the closest of {@code candidates}, if it is close enough. */
    static String suggestion(String key, List<String> candidates) {
        return dev.hinksbot.gateway.common.Suggestions.closest(key, candidates).map(k -> " (did you mean '" + k + "'?)")
                .orElse("; `hinksbot config keys` lists every key");
    }
}
