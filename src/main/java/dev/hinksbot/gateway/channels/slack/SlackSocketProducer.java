package dev.hinksbot.gateway.channels.slack;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code chat.postMessage} with the bot token (or {@code chat.update} of a streamed draft, header
 * {@value SlackSocketComponent#UPDATE_TS}): the body is the text (Slack {@code mrkdwn}), header
 * {@value SlackSocketComponent#CHANNEL} the conversation id, {@value SlackSocketComponent#THREAD} the thread's
 * {@code thread_ts} (optional). Slack's {@code ts} for the new message is set in {@value SlackSocketComponent#TS}.
 * A non-2xx answer surfaces as the SDK's {@code SlackApiException} (429 with {@code Retry-After}), an
 * {@code ok:false} as {@link SlackRefusal}; {@link SlackErrors} classifies both for the outbox.
 */
final class SlackSocketProducer extends DefaultProducer {
    /** chat.update errors after which the final answer is posted as a new message instead. */
    private static final java.util.Set<String> DRAFT_GONE = java.util.Set.of("message_not_found", "cant_update_message",
            "edit_window_closed", "msg_too_long");

    SlackSocketProducer(SlackSocketEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SlackSocketEndpoint getEndpoint() {
        return (SlackSocketEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SlackSocketComponent c = getEndpoint().getComponent();
        String channel = exchange.getIn().getHeader(SlackSocketComponent.CHANNEL, String.class);
        String thread = exchange.getIn().getHeader(SlackSocketComponent.THREAD, String.class);
        String text = exchange.getIn().getBody(String.class);
        String update = exchange.getIn().getHeader(SlackSocketComponent.UPDATE_TS, String.class);
        if (update != null && !update.isBlank()) {
            ChatUpdateResponse u = c.slack().methods(c.botToken()).chatUpdate(req -> req.channel(channel).ts(update).text(text));
            if (u.isOk()) {
                exchange.getMessage().setHeader(SlackSocketComponent.TS, update);
                return;
            }
            if (!DRAFT_GONE.contains(u.getError())) {
                throw new SlackRefusal(u.getError());
            }
            // the draft was deleted or can no longer be edited: the answer goes out as a new message
        }
        ChatPostMessageResponse r = c.slack().methods(c.botToken()).chatPostMessage(req -> req
                .channel(channel).threadTs(thread == null || thread.isBlank() ? null : thread).text(text).mrkdwn(true));
        if (!r.isOk()) {
            throw new SlackRefusal(r.getError());
        }
        exchange.getMessage().setHeader(SlackSocketComponent.TS, r.getTs());
    }
}
