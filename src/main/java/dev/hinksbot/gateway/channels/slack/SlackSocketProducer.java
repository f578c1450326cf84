package dev.hinksbot.gateway.channels.slack;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code chat.postMessage} with the bot token: the body is the text (Slack {@code mrkdwn}), header
 * {@value SlackSocketComponent#CHANNEL} the conversation id, {@value SlackSocketComponent#THREAD} the thread's
 * {@code thread_ts} (optional). Slack's {@code ts} for the new message is set in {@value SlackSocketComponent#TS}.
 * A non-2xx answer surfaces as the SDK's {@code SlackApiException} (429 with {@code Retry-After}), an
 * {@code ok:false} as {@link SlackRefusal}; {@link SlackErrors} classifies both for the outbox.
 */
final class SlackSocketProducer extends DefaultProducer {
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
        ChatPostMessageResponse r = c.slack().methods(c.botToken()).chatPostMessage(req -> req
                .channel(channel).threadTs(thread == null || thread.isBlank() ? null : thread).text(text).mrkdwn(true));
        if (!r.isOk()) {
            throw new SlackRefusal(r.getError());
        }
        exchange.getMessage().setHeader(SlackSocketComponent.TS, r.getTs());
    }
}
