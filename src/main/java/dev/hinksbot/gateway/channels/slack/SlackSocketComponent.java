package dev.hinksbot.gateway.channels.slack;

import com.slack.api.Slack;
import dev.hinksbot.gateway.channels.PollerLeases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Camel component {@code slack-socket} (bound under that name): Slack through its official Java SDK.
 * <ul>
 * <li>{@code from: slack-socket:events} — the Events API over Socket Mode ({@link SlackSocketConsumer}); needs the
 * app-level token ({@code xapp-…}).</li>
 * <li>{@code to: slack-socket:chat.postMessage} — posts the body to header {@value #CHANNEL} (in thread
 * {@value #THREAD} if set) with the bot token ({@link SlackSocketProducer}); the message's {@code ts} comes back in
 * header {@value #TS}.</li>
 * </ul>
 * Tokens live on the component, never in a URI (endpoint URIs are logged and shown by Camel's tooling).
 * <p>
 * One gateway per Slack app opens the Socket Mode connection: the one holding the app's {@link PollerLeases lease}
 * ({@link #account}); another on the same database stands by and connects when that lease ends.
 */
public final class SlackSocketComponent extends DefaultComponent {
    public static final String SCHEME = "slack-socket";
    /** Its endpoints (no options: everything is set on the component). */
    public static final java.util.List<String> ENDPOINTS = java.util.List.of("events", "chat.postMessage");
    public static final String CHANNEL = "HinksbotSlackTarget";
    public static final String THREAD = "HinksbotSlackThread";
    public static final String TS = "HinksbotSlackTs";
    /** When set, the message with this {@code ts} (a streamed draft) is updated to the body instead of posting a new one. */
    public static final String UPDATE_TS = "HinksbotSlackUpdateTs";
    public static final String ENVELOPE_ID = "HinksbotSlackEnvelopeId";
    public static final String RETRY_ATTEMPT = "HinksbotSlackRetryAttempt";
    /** An app-level token {@code xapp-<n>-<app id>-<number>-<secret>}: the app id is public (it is in the app's URL). */
    private static final Pattern APP_ID = Pattern.compile("xapp-\\d+-(A[A-Z0-9]{1,30})-.*");

    private final Slack slack;
    private final String botToken;
    private final String appToken;
    private final Duration check;
    private final PollerLeases leases;
    private final Duration lease;

    /**
     * {@code check}: how often the socket is verified (it is also checked at once when it closes); {@code lease}: the
     * poller lease, renewed three times within it.
     */
    public SlackSocketComponent(Slack slack, String botToken, String appToken, Duration check, PollerLeases leases, Duration lease) {
        this.slack = slack;
        this.botToken = botToken;
        this.appToken = appToken;
        this.check = check;
        this.leases = leases;
        this.lease = lease;
    }

    /**
     * The lease name of the Slack app behind {@code appToken}: {@code slack:<app id>}, or {@code slack:<hash>} (the
     * SHA-256 of the token, first 12 hex digits) for a token of another shape. Never the token itself.
     */
    public static String account(String appToken) {
        Matcher m = APP_ID.matcher(appToken);
        if (m.matches()) {
            return "slack:" + m.group(1);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(appToken.getBytes(StandardCharsets.UTF_8));
            return "slack:" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!ENDPOINTS.contains(remaining)) {
            throw new IllegalArgumentException("slack-socket:" + remaining + " is not known (slack-socket:events or slack-socket:chat.postMessage)");
        }
        SlackSocketEndpoint endpoint = new SlackSocketEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    Slack slack() {
        return slack;
    }

    String botToken() {
        return botToken;
    }

    String appToken() {
        return appToken;
    }

    Duration check() {
        return check;
    }

    PollerLeases leases() {
        return leases;
    }

    /** How often the consumer renews its lease (or, standing by, asks for it). */
    Duration leaseCheck() {
        Duration third = lease.dividedBy(3);
        return third.compareTo(check) < 0 ? third : check;
    }
}
