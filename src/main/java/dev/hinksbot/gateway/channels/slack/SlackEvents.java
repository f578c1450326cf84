package dev.hinksbot.gateway.channels.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.common.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code slackEvents}: turns an Events API payload from Socket Mode ({@code event_callback} with a
 * {@code message} or {@code app_mention} event) into an {@link InboundMessage}, or a null body when the bot is not
 * meant. Meant are:
 * <ul>
 * <li>direct messages ({@code channel_type: im}) — every one, commands too, and pairing for strangers;</li>
 * <li>mentions of the bot ({@code app_mention}, or a {@code <@bot>} in a channel message) in any conversation the
 * bot is in;</li>
 * <li>every message of a listened channel ({@code gateway.slack.channels}, by name or id);</li>
 * <li>replies in a thread the bot already answers in, without a mention (remembered across restarts through
 * {@link AnsweredThreads}).</li>
 * </ul>
 * The app's slash command ({@code gateway.slack.command}, e.g. {@code /hinksbot new}) is the chat command it names
 * ({@code /new}), sent from the conversation it was typed in: a DM's session, or a channel's (answered in the channel,
 * as a slash command has no thread); other slash commands the app registers ({@code /new}) are taken as they are.
 * Outside DMs the answer goes to a thread: the thread the message is in, or a new one under the message. A thread is
 * its own session. Bots (the gateway's own posts included), edits, deletions, joins and other subtypes are never
 * answered. The inbound key is {@code slack:<channel>:<ts>}, so the {@code message} and {@code app_mention} events of
 * one message, and envelopes Slack sends again (after a restart, a reconnect, a missing ack), are taken once.
 */
public final class SlackEvents implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");
    /** Subtypes that are still a person writing; every other subtype is an event, not a message to answer. */
    private static final Set<String> USER_SUBTYPES = Set.of("thread_broadcast", "file_share", "me_message");
    private static final int THREADS_KEPT = 10_000;

    private final SlackDirectory directory;
    private final List<String> listened;
    private final AnsweredThreads answeredBefore;
    private final String command;
    /**
     * channel:thread_ts → whether the bot answers in that thread (false: asked of {@link AnsweredThreads} once and it
     * did not; a mention there later makes it true); least recently seen forgotten first.
     */
    private final Map<String, Boolean> threads = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > THREADS_KEPT;
        }
    };

    /** Threads the gateway answered in before this start (it has a session for them). */
    @FunctionalInterface
    public interface AnsweredThreads {
        boolean contains(String channel, String threadTs);
    }

    /** {@code command}: the app's own slash command, e.g. {@code /hinksbot}. */
    public SlackEvents(SlackDirectory directory, List<String> listened, AnsweredThreads answeredBefore, String command) {
        this.directory = directory;
        this.listened = List.copyOf(listened);
        this.answeredBefore = answeredBefore;
        this.command = command;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage message = null;
        try {
            message = normalize(Json.parse(exchange.getIn().getBody(String.class)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("Slack sent an event that is not JSON; ignored");
        }
        exchange.getIn().setBody(message);
        if (message != null) {
            exchange.getIn().setHeader(IntakeKeys.HEADER, "slack:" + message.chatId() + ":" + message.messageId());
        }
    }

    public synchronized InboundMessage normalize(JsonNode payload) {
        if (payload != null && payload.hasNonNull("command") && payload.hasNonNull("trigger_id")) {
            return slashCommand(payload);
        }
        if (payload == null || !"event_callback".equals(payload.path("type").asText())) {
            return null;
        }
        JsonNode e = payload.path("event");
        String type = e.path("type").asText();
        if (!type.equals("message") && !type.equals("app_mention")) {
            return null;
        }
        String subtype = text(e, "subtype");
        String user = text(e, "user");
        String raw = text(e, "text");
        String ts = text(e, "ts");
        String channel = text(e, "channel");
        if (subtype != null && !USER_SUBTYPES.contains(subtype) || e.hasNonNull("bot_id") || user == null || raw == null
                || !SlackText.isTs(ts) || !SlackDirectory.isConversationId(channel)) {
            return null;
        }
        Optional<SlackIdentity> me = directory.identity();
        if (me.isPresent() && me.get().userId().equals(user)) {
            return null;
        }
        String channelType = e.path("channel_type").asText(channel.startsWith("D") ? "im" : "channel");
        boolean dm = "im".equals(channelType);
        boolean mentioned = type.equals("app_mention");
        if (me.isPresent()) {
            String without = raw.replaceAll(me.get().mentionPattern(), "");
            if (!without.equals(raw)) {
                mentioned = true;
                raw = without.replaceAll("[ \\t]{2,}", " ");
            }
        }
        String text = SlackText.unescape(raw).strip();
        String threadTs = text(e, "thread_ts");
        String thread = SlackText.isTs(threadTs) && !threadTs.equals(ts) ? threadTs : null;
        if (!dm && !mentioned && !listened(channel) && (thread == null || !followed(channel, thread))) {
            return null; // channel talk not meant for the bot
        }
        if (!dm) {
            thread = thread == null ? ts : thread;
            threads.put(channel + ":" + thread, Boolean.TRUE);
        }
        String chatType = dm ? InboundMessage.DM : "mpim".equals(channelType) ? InboundMessage.GROUP : InboundMessage.CHANNEL;
        Instant sent = SlackText.instant(ts);
        return new InboundMessage("slack", chatType, channel, thread, user, null, text, ts, true, sent, Map.of());
    }

    /**
     * A slash command's payload (the fields Slack would POST as a form): {@code command}, {@code text},
     * {@code channel_id}, {@code user_id}, {@code trigger_id}. The message id is {@code cmd-<trigger_id>}, unique
     * per invocation, so a command Slack sends again is taken once.
     */
    private InboundMessage slashCommand(JsonNode p) {
        String name = text(p, "command");
        String args = SlackText.unescape(p.path("text").asText("")).strip(); // &amp; &lt; &gt;, as in message text
        String channel = text(p, "channel_id");
        String user = text(p, "user_id");
        String trigger = text(p, "trigger_id");
        if (name == null || !name.matches("/[a-z0-9_-]{1,32}") || user == null || trigger == null
                || !SlackDirectory.isConversationId(channel)) {
            return null;
        }
        String text = name.equals(command) ? "/" + (args.isEmpty() ? "help" : args.replaceFirst("^/", ""))
                : args.isEmpty() ? name : name + " " + args;
        String chatType = channel.startsWith("D") ? InboundMessage.DM : InboundMessage.CHANNEL;
        return new InboundMessage("slack", chatType, channel, null, user, text(p, "user_name"), text,
                "cmd-" + trigger, true, Instant.now(), Map.of());
    }

    private boolean followed(String channel, String thread) {
        return threads.computeIfAbsent(channel + ":" + thread, k -> answeredBefore.contains(channel, thread));
    }

    private boolean listened(String channel) {
        for (String entry : listened) {
            String name = entry.replaceFirst("^#", "");
            if (name.equals(channel) || !SlackDirectory.isConversationId(name) && directory.channelId(name).filter(channel::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
