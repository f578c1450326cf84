package dev.hinksbot.gateway.channels.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.Slack;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.queue.impl.ConcurrentLinkedMessageQueue;
import com.slack.api.socket_mode.request.SocketModeEnvelope;
import com.slack.api.socket_mode.response.AckResponse;
import dev.hinksbot.gateway.common.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Socket Mode connection to Slack, kept open: {@code apps.connections.open} with the app-level token, then the
 * Slack SDK's Socket Mode client (Java-WebSocket backend) on the URL it returns.
 * <p>
 * The SDK's own session monitor is off: it stops for good when {@code apps.connections.open} answers {@code ok:false}
 * (an unchecked exception ends its scheduled task) and retries at a fixed pace. Instead one thread here checks the
 * connection every {@code check} and at once when a socket closes, and reconnects with exponential backoff (2 s … 60 s),
 * also when Slack sends {@code disconnect} (e.g. {@code refresh_requested}). The SDK processes envelopes on one thread,
 * so messages are handed on in the order Slack sent them.
 * <p>
 * {@code handler} gets each {@code events_api} and {@code slash_commands} envelope and answers whether it was taken: a taken envelope is
 * acknowledged (within Slack's 3 s when the intake is quick, which it is: it stores the message and starts the run);
 * one that was not (the store failed) is left unacknowledged, so Slack sends it again. An envelope id seen recently is
 * acknowledged again without being handed on. Tokens are never logged: the SDK puts them in headers, and the
 * lines here name only error types and Slack's error codes.
 */
public final class SlackSocketConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int RECENT_ENVELOPES = 2_000;

    private final Slack slack;
    private final String appToken;
    private final Predicate<SocketModeEnvelope> handler;
    private final Duration check;
    private final ScheduledExecutorService supervisor;
    /** Envelope ids taken lately (Slack repeats an envelope it saw no acknowledgement for). Envelope thread only. */
    private final Map<String, Boolean> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_ENVELOPES;
        }
    };
    // written by the supervisor thread only; read for acks on the envelope thread
    private volatile Client client;
    // supervisor thread only
    private int failures;
    private long retryAt;
    private volatile boolean stopped;
    private volatile boolean helloSeen;

    public SlackSocketConnection(Slack slack, String appToken, Predicate<SocketModeEnvelope> handler, Duration check) {
        this.slack = slack;
        this.appToken = appToken;
        this.handler = handler;
        this.check = check;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slack-socket-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        supervisor.execute(this::connectIfDown);
        supervisor.scheduleWithFixedDelay(this::connectIfDown, check.toMillis(), check.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once Slack greeted the current connection with {@code hello}. */
    public boolean connected() {
        return helloSeen;
    }

    private void connectIfDown() {
        if (stopped) {
            return;
        }
        long wait = retryAt - System.nanoTime();
        if (wait > 0) {
            // an attempt is under way or backing off: look again when its time is up
            supervisor.schedule(this::connectIfDown, wait, TimeUnit.NANOSECONDS);
            return;
        }
        try {
            if (client != null && client.verifyConnection()) {
                return;
            }
            reconnect(client == null ? "start" : "not connected");
        } catch (RuntimeException e) {
            LOG.warn("Slack Socket Mode check failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Opens a new connection now (the old one, if any, is closed once the new one is asked for). */
    private void reconnect(String why) {
        if (stopped) {
            return;
        }
        helloSeen = false;
        failures++;
        long wait = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(failures, 6));
        // the next attempt waits: a new socket needs a moment to open, and a Slack that refuses is not hammered
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        try {
            if (client == null) {
                client = new Client(slack, appToken, slack.issueSocketModeUrl(appToken), this);
                client.connect();
            } else {
                client.connectToNewEndpoint();
            }
            LOG.info("Slack Socket Mode connecting ({})", why);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // IllegalStateException carries Slack's error code (invalid_auth, not_allowed_token_type …), never the token
            LOG.warn("Slack Socket Mode cannot connect ({}): {}; trying again in {} s", why, describe(e), wait / 1000);
        }
    }

    /** The top-level {@code type} of a Socket Mode message (hello, disconnect, events_api …), or null. */
    static String type(String message) {
        return field(message, "type");
    }

    private static String reason(String message) {
        String reason = field(message, "reason");
        return reason == null || !reason.matches("[a-z_]{1,40}") ? "no reason" : reason;
    }

    private static String field(String message, String name) {
        try {
            JsonNode node = Json.parse(message);
            return node.path(name).isTextual() ? node.path(name).asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String describe(Exception e) {
        return e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void onMessage(String message) {
        if ("hello".equals(type(message))) {
            helloSeen = true;
            supervisor.execute(() -> {
                // this connection is up: the next drop is tried again at once
                failures = 0;
                retryAt = 0;
            });
            LOG.info("Slack Socket Mode connected");
        }
    }

    private void onDisconnectRequest(String message) {
        LOG.info("Slack asked to reconnect (disconnect: {})", reason(message));
        supervisor.execute(() -> {
            failures = 0;
            retryAt = 0;
            reconnect("disconnect");
        });
    }

    private void onClose(Integer code) {
        if (!stopped) {
            LOG.info("Slack Socket Mode connection closed (code {})", code);
            // a moment later: after a disconnect-driven reconnect the old socket closes while the new one opens
            supervisor.schedule(this::connectIfDown, 200, TimeUnit.MILLISECONDS);
        }
    }

    private void onEnvelope(SocketModeEnvelope envelope) {
        String id = envelope.getEnvelopeId();
        if (id != null && recent.containsKey(id)) {
            ack(id);
            return;
        }
        boolean taken;
        try {
            taken = handler.test(envelope);
        } catch (RuntimeException e) {
            LOG.warn("Slack envelope {} not taken: {}", id, e.getClass().getSimpleName());
            taken = false;
        }
        if (taken && id != null) {
            recent.put(id, Boolean.TRUE);
            ack(id);
        }
    }

    private void ack(String envelopeId) {
        try {
            client.sendSocketModeResponse(new AckResponse(envelopeId));
        } catch (RuntimeException e) {
            // the socket went away: Slack sends the envelope again on the next connection, and the intake drops it
            LOG.info("Slack envelope {} could not be acknowledged: {}", envelopeId, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        stopped = true;
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Client c = client;
        if (c != null) {
            try {
                c.setAutoReconnectEnabled(false);
                c.disconnect();
                c.getMessageProcessorExecutor().shutdownNow();
            } catch (RuntimeException e) {
                LOG.debug("closing the Slack socket: {}", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * The SDK's Java-WebSocket client with one envelope thread, no session monitor, and {@code disconnect} handed to the
     * supervisor instead of reconnecting on the envelope thread.
     */
    private static final class Client extends SocketModeClientJavaWSImpl {
        private final SlackSocketConnection owner;

        Client(Slack slack, String appToken, String url, SlackSocketConnection owner) throws URISyntaxException {
            super(slack, appToken, url, 1, new ConcurrentLinkedMessageQueue(), false, false, 0);
            this.owner = owner;
            addWebSocketMessageListener(owner::onMessage);
            addEventsApiEnvelopeListener(owner::onEnvelope);
            addWebSocketCloseListener((code, reason) -> owner.onClose(code));
            addSlashCommandsEnvelopeListener(owner::onEnvelope);
            // interactions (buttons, shortcuts) are not used: acknowledge them so Slack does not repeat them
            addInteractiveEnvelopeListener(e -> owner.ack(e.getEnvelopeId()));
        }

        @Override
        public void processMessage(String message) throws IOException {
            if ("disconnect".equals(type(message))) {
                owner.onDisconnectRequest(message);
                return;
            }
            super.processMessage(message);
        }
    }
}
