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

    /** Every `gateway.*` key with its default; anything else under `gateway.` is a typo and stops start-up. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("gateway.llama.base-url", "http://localhost:8080"),
            Map.entry("gateway.llama.api-key", ""),
            Map.entry("gateway.llama.connect-timeout", "5s"),
            Map.entry("gateway.llama.request-timeout", "300s"),
            Map.entry("gateway.llama.idle-timeout", "120s"),
            Map.entry("gateway.llama.breaker.failures", "3"),
            Map.entry("gateway.llama.breaker.probe-interval", "2s"),
            Map.entry("gateway.llama.breaker.probe-timeout", "2s"),
            // a llama-server the gateway starts itself on a free loopback port (empty: use gateway.llama.base-url)
            Map.entry("gateway.llama.server.command", ""),
            Map.entry("gateway.llama.server.args", ""),
            Map.entry("gateway.llama.server.startup-timeout", "10m"),
            Map.entry("gateway.llama.server.log-file", "data/llama-server.log"),
            Map.entry("gateway.llama.server.log-max-mb", "10"),
            Map.entry("gateway.database.path", "data/hinksbot-gateway.db"),
            Map.entry("gateway.database.busy-timeout", "30s"),
            Map.entry("gateway.workspace", "workspace"),
            Map.entry("gateway.api.key", ""),
            Map.entry("gateway.api.max-body-bytes", "1048576"),
            Map.entry("gateway.defaults.model", ""),
            Map.entry("gateway.defaults.system-prompt", "You are HinksBot, a helpful AI assistant running on the user's own hardware."),
            Map.entry("gateway.defaults.max-turns", "20"),
            Map.entry("gateway.defaults.context-window", "0"),
            Map.entry("gateway.defaults.answer-reserve", "1024"),
            Map.entry("gateway.defaults.tool-groups", "file,search,system,cron"),
            Map.entry("gateway.tools.dir", "tools"),
            Map.entry("gateway.tools.shell-timeout", "60s"),
            Map.entry("gateway.tools.output-cap", "50000"),
            Map.entry("gateway.tools.web-search-url", ""),
            Map.entry("gateway.tools.web-timeout", "20s"),
            Map.entry("gateway.tools.web-allow", ""),
            Map.entry("gateway.tools.client-timeout", "300s"),
            Map.entry("gateway.tools.approvals", "dangerous"),
            Map.entry("gateway.tools.approval-timeout", "5m"),
            Map.entry("gateway.tools.sandbox", "bwrap"),
            Map.entry("gateway.tools.sandbox.network", "on"),
            Map.entry("gateway.agent.dir", "agent"),
            // text (one line per event) or json (one JSON object per line, logback's JsonEncoder)
            Map.entry("gateway.log.format", "text"),
            Map.entry("gateway.api.max-concurrent-runs", "64"),
            Map.entry("gateway.api.cors-origins", ""),
            Map.entry("gateway.api.allowed-hosts", ""),
            Map.entry("gateway.api.keepalive-interval", "15s"),
            Map.entry("gateway.api.responses-retention", "30d"),
            Map.entry("gateway.api.pass-through-fast-path", "true"),

            // --- messaging channels (see config.ChannelsConfig) ---
            Map.entry("gateway.allow-all-users", "false"),
            Map.entry("gateway.allowed-users", ""),
            Map.entry("gateway.admins", ""),
            Map.entry("gateway.pairing.enabled", "true"),
            Map.entry("gateway.chat.busy-mode", "interrupt"),
            Map.entry("gateway.chat.queue-limit", "10"),
            Map.entry("gateway.chat.reset-mode", "both"),
            Map.entry("gateway.chat.reset-hour", "4"),
            Map.entry("gateway.chat.reset-idle-minutes", "1440"),
            Map.entry("gateway.chat.time-zone", "UTC"),
            Map.entry("gateway.chat.tool-progress", "all"),
            Map.entry("gateway.chat.group-sessions-per-user", "true"),
            Map.entry("gateway.delivery.dir", "deliveries"),
            Map.entry("gateway.delivery.max-attempts", "8"),
            Map.entry("gateway.delivery.retry-delay", "2s"),
            Map.entry("gateway.delivery.max-retry-delay", "10m"),
            // at shutdown, a send in flight gets this long to finish (then its outcome is unknown)
            Map.entry("gateway.delivery.drain-timeout", "10s"),
            // at shutdown, after intake stopped, answers being written get this long to finish before they are cancelled
            Map.entry("gateway.chat.shutdown-grace", "10s"),
            // one consumer per account (Telegram, Slack Socket Mode, IMAP): a second gateway on the database stands by this long
            Map.entry("gateway.chat.poller-lease", "30s"),
            // --- scheduled jobs (see config.CronConfig); their default time zone is gateway.chat.time-zone ---
            Map.entry("gateway.cron.enabled", "true"),
            Map.entry("gateway.cron.tick", "1s"),
            Map.entry("gateway.cron.grace", "10m"),
            Map.entry("gateway.cron.max-parallel", "2"),
            Map.entry("gateway.cron.timeout", "10m"),
            Map.entry("gateway.telegram.token", ""),
            Map.entry("gateway.telegram.api-url", "https://api.telegram.org"),
            Map.entry("gateway.telegram.allowed-users", ""),
            Map.entry("gateway.telegram.home-channel", ""),
            Map.entry("gateway.telegram.bot-username", ""),
            Map.entry("gateway.telegram.poll-delay", "500ms"),
            Map.entry("gateway.telegram.reset-mode", ""),
            Map.entry("gateway.telegram.reset-idle-minutes", ""),
            Map.entry("gateway.telegram.tool-progress", ""),
            Map.entry("gateway.telegram.busy-mode", ""),
            // a long answer is shown as a draft edited in place while it is written, then replaced by the final text
            Map.entry("gateway.telegram.stream", "true"),
            // at most one draft edit per chat this often (Telegram allows about one a second)
            Map.entry("gateway.telegram.stream-interval", "1s"),
            // photos and documents larger than this are not downloaded into the workspace's uploads/
            Map.entry("gateway.telegram.max-file-bytes", "20971520"),
            Map.entry("gateway.slack.token", ""),
            // a long answer is shown as a draft updated in place (chat.update) while it is written, then replaced
            Map.entry("gateway.slack.stream", "true"),
            // at most one draft update per chat this often (chat.update is a Tier 3 method: about 50 a minute)
            Map.entry("gateway.slack.stream-interval", "2s"),
            Map.entry("gateway.slack.api-url", "https://slack.com"),
            // the app-level token (xapp-…): when set, Slack events come over Socket Mode; without it, channels are polled
            Map.entry("gateway.slack.app-token", ""),
            Map.entry("gateway.slack.channels", ""),
            Map.entry("gateway.slack.allowed-users", ""),
            Map.entry("gateway.slack.home-channel", ""),
            Map.entry("gateway.slack.poll-delay", "2s"),
            Map.entry("gateway.slack.reset-mode", ""),
            Map.entry("gateway.slack.reset-idle-minutes", ""),
            Map.entry("gateway.slack.tool-progress", ""),
            Map.entry("gateway.slack.busy-mode", ""),
            Map.entry("gateway.mail.imap.host", ""),
            Map.entry("gateway.mail.imap.port", "993"),
            Map.entry("gateway.mail.smtp.host", ""),
            Map.entry("gateway.mail.smtp.port", "465"),
            Map.entry("gateway.mail.username", ""),
            Map.entry("gateway.mail.password", ""),
            Map.entry("gateway.mail.address", ""),
            Map.entry("gateway.mail.security", "ssl"),
            Map.entry("gateway.mail.allowed-users", ""),
            Map.entry("gateway.mail.home-channel", ""),
            Map.entry("gateway.mail.poll-delay", "30s"),
            // a stranger's mail gets no pairing code unless this is on (an answer to any sender invites spam abuse)
            Map.entry("gateway.mail.pairing", "false"),
            // a mail thread is the session: no timed resets, and no extra mail per tool call
            Map.entry("gateway.mail.reset-mode", "none"),
            Map.entry("gateway.mail.reset-idle-minutes", ""),
            Map.entry("gateway.mail.tool-progress", "off"),
            Map.entry("gateway.mail.busy-mode", ""),
            // attachments larger than this are not saved into the workspace's uploads/ (listed as not saved)
            Map.entry("gateway.mail.max-attachment-bytes", "10485760"));

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
