package dev.hinksbot.gateway.channels.slack;

import com.slack.api.Slack;
import java.time.Duration;
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

    private final Slack slack;
    private final String botToken;
    private final String appToken;
    private final Duration check;

    /** {@code check}: how often the socket is verified (it is also checked at once when it closes). */
    public SlackSocketComponent(Slack slack, String botToken, String appToken, Duration check) {
        this.slack = slack;
        this.botToken = botToken;
        this.appToken = appToken;
        this.check = check;
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
}
