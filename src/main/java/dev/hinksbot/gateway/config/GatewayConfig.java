package dev.hinksbot.gateway.config;

import dev.hinksbot.gateway.tools.approval.ApprovalMode;
import dev.hinksbot.gateway.tools.net.WebAllow;
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
        Breaker llamaBreaker,
        Path databasePath,
        Duration databaseBusyTimeout,
        Path workspace,
        String apiKey,
        long maxBodyBytes,
        String defaultModel,
        String defaultSystemPrompt,
        int defaultMaxTurns,
        int defaultContextWindow,
        int defaultAnswerReserve,
        List<String> defaultToolGroups,
        Path toolsDir,
        Duration shellTimeout,
        int toolOutputCap,
        String webSearchUrl,
        Duration webTimeout,
        WebAllow webAllow,
        Duration clientToolTimeout,
        ApprovalMode approvals,
        Duration approvalTimeout,
        boolean sandbox,
        boolean sandboxNetwork,
        OpenAiSettings openAi) {

    /** Whether any tool call can wait for a person (gateway.tools.approvals is not off). */
    public boolean approvalsRequired() {
        return approvals != ApprovalMode.OFF;
    }

    /**
     * The llama-server circuit breaker: {@code failures} consecutive failed calls open it, a {@code /health} probe
     * every {@code probeInterval} that gets no answer within {@code probeTimeout} opens it, a good probe closes it.
     */
    public record Breaker(int failures, Duration probeInterval, Duration probeTimeout) {
    }

    /** The HTTP APIs (`/v1` and `/api`): profiles, limits, the edge (hosts, CORS), stored responses. */
    public record OpenAiSettings(Path agentDir, int maxConcurrentRuns, List<String> corsOrigins, List<String> allowedHosts,
                                 Duration keepaliveInterval, Duration responsesRetention, boolean passThroughFastPath) {
        public OpenAiSettings {
            corsOrigins = List.copyOf(corsOrigins);
            allowedHosts = List.copyOf(allowedHosts);
        }
    }

    /** Keys whose values are secrets: never printed, never returned. */
    public static final List<String> SECRET_KEYS = List.of("gateway.llama.api-key", "gateway.api.key",
            "gateway.telegram.token", "gateway.slack.token", "gateway.slack.app-token", "gateway.mail.password");

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
