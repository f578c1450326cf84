package dev.hinksbot.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The gateway's own settings (`gateway.*` and the HTTP listener), validated once at start-up. */
public record GatewayConfig(
        String host,
        int port,
        String llamaBaseUrl,
        String llamaApiKey,
        Duration llamaConnectTimeout,
        Duration llamaRequestTimeout,
        Duration llamaIdleTimeout,
        Path databasePath,
        Path workspace,
        String apiKey,
        long maxBodyBytes,
        String defaultModel,
        String defaultSystemPrompt,
        int defaultMaxTurns,
        int defaultContextWindow,
        List<String> defaultToolGroups,
        Path toolsDir,
        Duration shellTimeout,
        int toolOutputCap,
        String webSearchUrl,
        Duration webTimeout,
        Duration clientToolTimeout,
        OpenAiSettings openAi) {

    /** The OpenAI-compatible API (`/v1`): profiles, limits, CORS, stored responses. */
    public record OpenAiSettings(Path agentDir, int maxConcurrentRuns, List<String> corsOrigins,
                                 Duration keepaliveInterval, Duration responsesRetention, boolean passThroughFastPath) {
        public OpenAiSettings {
            corsOrigins = List.copyOf(corsOrigins);
        }
    }

    /** Every `gateway.*` key with its default; anything else under `gateway.` is a typo and stops start-up. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("gateway.llama.base-url", "http://localhost:8080"),
            Map.entry("gateway.llama.api-key", ""),
            Map.entry("gateway.llama.connect-timeout", "5s"),
            Map.entry("gateway.llama.request-timeout", "300s"),
            Map.entry("gateway.llama.idle-timeout", "120s"),
            Map.entry("gateway.database.path", "data/hinksbot-gateway.db"),
            Map.entry("gateway.workspace", "workspace"),
            Map.entry("gateway.api.key", ""),
            Map.entry("gateway.api.max-body-bytes", "1048576"),
            Map.entry("gateway.defaults.model", ""),
            Map.entry("gateway.defaults.system-prompt", "You are HinksBot, a helpful AI assistant running on the user's own hardware."),
            Map.entry("gateway.defaults.max-turns", "20"),
            Map.entry("gateway.defaults.context-window", "0"),
            Map.entry("gateway.defaults.tool-groups", "file,search,system"),
            Map.entry("gateway.tools.dir", "tools"),
            Map.entry("gateway.tools.shell-timeout", "60s"),
            Map.entry("gateway.tools.output-cap", "50000"),
            Map.entry("gateway.tools.web-search-url", ""),
            Map.entry("gateway.tools.web-timeout", "20s"),
            Map.entry("gateway.tools.client-timeout", "300s"),
            Map.entry("gateway.agent.dir", "agent"),
            Map.entry("gateway.api.max-concurrent-runs", "64"),
            Map.entry("gateway.api.cors-origins", ""),
            Map.entry("gateway.api.keepalive-interval", "15s"),
            Map.entry("gateway.api.responses-retention", "30d"),
            Map.entry("gateway.api.pass-through-fast-path", "true"));

    /** Keys whose values are secrets: never printed, never returned. */
    public static final List<String> SECRET_KEYS = List.of("gateway.llama.api-key", "gateway.api.key");

    public boolean apiKeyRequired() {
        return !apiKey.isEmpty();
    }

    public static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
