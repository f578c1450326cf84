package dev.hinksbot.gateway.channels.slack;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import dev.hinksbot.gateway.channels.ThrottledDrafts;
import dev.hinksbot.gateway.chat.InboundMessage;
import java.time.Duration;
import java.util.Map;

/**
 * Slack's drafts: {@code chat.postMessage} in the thread the answer goes to, then {@code chat.update} (a Tier 3 method:
 * about 50 calls a minute; a 429 names its {@code Retry-After}). The final answer replaces the draft by
 * {@link #META_UPDATE}.
 */
public final class SlackDrafts implements ThrottledDrafts.Sink {
    /** Meta key: the {@code ts} of the streamed draft the first part of the final answer replaces. */
    public static final String META_UPDATE = "slack_update_ts";
    /** A draft shows at most this much (the final answer is split at 4,000 characters instead). */
    static final int PREVIEW_CHARS = 3900;

    private final Slack slack;
    private final String botToken;

    public SlackDrafts(Slack slack, String botToken) {
        this.slack = slack;
        this.botToken = botToken;
    }

    @Override
    public String preview(String soFar) {
        return SlackMarkdown.render(soFar.length() > PREVIEW_CHARS ? soFar.substring(0, PREVIEW_CHARS) : soFar) + " …";
    }

    @Override
    public String post(InboundMessage origin, String preview) throws Exception {
        String thread = origin.threadId() == null || origin.threadId().isBlank() ? null : origin.threadId();
        ChatPostMessageResponse r = slack.methods(botToken).chatPostMessage(req -> req
                .channel(origin.chatId()).threadTs(thread).text(preview).mrkdwn(true));
        if (!r.isOk()) {
            throw new SlackRefusal(r.getError());
        }
        return r.getTs();
    }

    @Override
    public void edit(InboundMessage origin, String id, String preview) throws Exception {
        ChatUpdateResponse r = slack.methods(botToken).chatUpdate(req -> req.channel(origin.chatId()).ts(id).text(preview));
        if (!r.isOk()) {
            throw new SlackRefusal(r.getError());
        }
    }

    @Override
    public Duration pauseFor(Exception failure) {
        if (failure instanceof SlackApiException e && e.getResponse() != null && e.getResponse().code() == 429) {
            String after = e.getResponse().header("Retry-After");
            try {
                return Duration.ofSeconds(after == null ? 1 : Math.max(1, Long.parseLong(after.strip())));
            } catch (NumberFormatException bad) {
                return Duration.ofSeconds(1);
            }
        }
        return null;
    }

    @Override
    public Map<String, String> replaces(String id) {
        return Map.of(META_UPDATE, id);
    }
}
