package dev.hinksbot.gateway.channels.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What camel-slack's consumer does not tell us: who the bot is ({@code auth.test}, to recognise mentions and its own
 * posts) and the id of a channel it polls by name (its messages carry no channel, and chat ids are channel ids).
 * Looked up lazily through the same Slack SDK and Web API URL as the component, and cached once known; after a failed
 * {@code auth.test} Slack is asked again {@link #IDENTITY_RETRY} later at the earliest (the poller asks every poll).
 */
public final class SlackDirectory {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");
    /** Slack conversation ids: C… (public), G… (private / group), D… (direct message). */
    private static final Pattern CONVERSATION_ID = Pattern.compile("[CDG][A-Z0-9]{2,}");
    static final java.time.Duration IDENTITY_RETRY = java.time.Duration.ofSeconds(30);

    private final String token;
    private final Slack slack;
    private volatile SlackIdentity identity;
    private volatile long identityFailedAt; // System.nanoTime() of the last failed auth.test, 0 = none
    private final Map<String, String> channelIds = new ConcurrentHashMap<>();

    /** {@code slack}: the SDK configured with the Web API URL (owned by the caller). */
    public SlackDirectory(Slack slack, String token) {
        this.token = token;
        this.slack = slack;
    }

    public static boolean isConversationId(String value) {
        return value != null && CONVERSATION_ID.matcher(value).matches();
    }

    /** The bot's identity, or empty while Slack cannot be asked. */
    public Optional<SlackIdentity> identity() {
        SlackIdentity known = identity;
        if (known != null) {
            return Optional.of(known);
        }
        long failed = identityFailedAt;
        if (failed != 0 && System.nanoTime() - failed < IDENTITY_RETRY.toNanos()) {
            return Optional.empty();
        }
        try {
            AuthTestResponse r = methods().authTest(req -> req);
            if (!r.isOk() || r.getUserId() == null) {
                identityFailedAt = System.nanoTime();
                LOG.warn("Slack auth.test failed: {}; asking again in {} s", r.getError(), IDENTITY_RETRY.toSeconds());
                return Optional.empty();
            }
            identity = new SlackIdentity(r.getUserId(), r.getBotId());
            LOG.info("Slack bot user {} (bot {})", r.getUserId(), r.getBotId());
            return Optional.of(identity);
        } catch (Exception e) {
            identityFailedAt = System.nanoTime();
            LOG.warn("Slack auth.test failed: {}; asking again in {} s", e.getClass().getSimpleName() + ": " + e.getMessage(),
                    IDENTITY_RETRY.toSeconds());
            return Optional.empty();
        }
    }

    /** The id of a public channel given by name (or the id itself); empty if Slack does not list it. */
    public Optional<String> channelId(String nameOrId) {
        String name = nameOrId.replaceFirst("^#", "");
        if (isConversationId(name)) {
            return Optional.of(name);
        }
        String known = channelIds.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            String cursor = null;
            do {
                String page = cursor;
                // public channels only, like the camel-slack consumer: asking for more types needs more scopes
                ConversationsListResponse r = methods().conversationsList(req -> req
                        .types(List.of(ConversationType.PUBLIC_CHANNEL)).excludeArchived(true).limit(200).cursor(page));
                if (!r.isOk()) {
                    LOG.warn("Slack conversations.list failed: {}", r.getError());
                    return Optional.empty();
                }
                for (Conversation c : r.getChannels()) {
                    if (c.getName() != null) {
                        channelIds.put(c.getName(), c.getId());
                    }
                }
                cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            } while (!channelIds.containsKey(name) && cursor != null && !cursor.isEmpty());
        } catch (Exception e) {
            LOG.warn("Slack conversations.list failed: {}", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return Optional.ofNullable(channelIds.get(name));
    }

    private MethodsClient methods() {
        return slack.methods(token);
    }
}
