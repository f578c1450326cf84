package dev.hinksbot.gateway.channels.slack;

import com.slack.api.model.Message;
import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.chat.InboundMessage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code slackInbound}: turns a camel-slack {@link Message} (one item of {@code conversations.history}) into an
 * {@link InboundMessage}, or a null body for anything the gateway must not answer:
 * <ul>
 * <li>messages older than the gateway's start — camel-slack's first poll returns the newest message already in the
 * channel, and answering it again after every restart would be wrong;</li>
 * <li>messages of bots, the gateway's own posts included (they come back through the same history: answering them
 * would loop), and system subtypes (joins, topic changes, edits, deletions);</li>
 * <li>messages without a user or text.</li>
 * </ul>
 * The header {@value #CHANNEL} names the polled channel (the history items carry none); the chat id is its Slack id.
 * A message is addressed to the bot when it mentions the bot user ({@code <@U…>}, removed from the text), is a
 * direct message (channel ids starting with D) or starts with {@code /}.
 */
public final class SlackInbound implements Processor {
    public static final String CHANNEL = "HinksbotSlackChannel";
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");
    /** Subtypes that are still a person writing; every other subtype is an event, not a message to answer. */
    private static final Set<String> USER_SUBTYPES = Set.of("thread_broadcast", "file_share", "me_message");

    private final SlackDirectory directory;
    private final Instant startedAt;

    public SlackInbound(SlackDirectory directory, Instant startedAt) {
        this.directory = directory;
        this.startedAt = startedAt;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage message = normalize(exchange.getIn().getBody(Message.class), exchange.getIn().getHeader(CHANNEL, String.class));
        exchange.getIn().setBody(message);
        if (message != null) {
            // a message's ts is unique within its channel: camel-slack's polls overlap, and restart re-reads history
            exchange.getIn().setHeader(IntakeKeys.HEADER, "slack:" + message.chatId() + ":" + message.messageId());
        }
    }

    public InboundMessage normalize(Message m, String channel) {
        if (m == null || channel == null || m.getUser() == null || m.getText() == null || m.getTs() == null) {
            return null;
        }
        if (m.getSubtype() != null && !USER_SUBTYPES.contains(m.getSubtype()) || m.getBotId() != null) {
            return null;
        }
        Instant sent = SlackText.instant(m.getTs());
        if (sent == null || sent.isBefore(startedAt)) {
            LOG.debug("Slack message {} in {} is older than the gateway's start; not answered", m.getTs(), channel);
            return null;
        }
        Optional<SlackIdentity> me = directory.identity();
        if (me.isPresent() && me.get().userId().equals(m.getUser())) {
            return null;
        }
        Optional<String> chatId = directory.channelId(channel);
        if (chatId.isEmpty()) {
            LOG.warn("Slack channel {} has no id (conversations.list does not name it); message {} not answered", channel, m.getTs());
            return null;
        }
        boolean dm = chatId.get().startsWith("D");
        String raw = m.getText();
        boolean addressed = dm;
        if (me.isPresent()) {
            String without = raw.replaceAll(me.get().mentionPattern(), "");
            if (!without.equals(raw)) {
                addressed = true;
                raw = without.replaceAll("\\s{2,}", " ");
            }
        }
        String text = SlackText.unescape(raw).strip();
        addressed |= text.startsWith("/");
        // ts == thread_ts marks the parent of a thread, which is still a channel message
        String thread = m.getThreadTs() != null && !m.getThreadTs().equals(m.getTs()) ? m.getThreadTs() : null;
        return new InboundMessage("slack", dm ? InboundMessage.DM : InboundMessage.CHANNEL, chatId.get(), thread, m.getUser(),
                m.getUsername(), text, m.getTs(), addressed, sent, Map.of());
    }
}
