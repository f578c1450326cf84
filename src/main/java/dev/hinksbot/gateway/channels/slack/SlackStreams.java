package dev.hinksbot.gateway.channels.slack;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import dev.hinksbot.gateway.channels.AnswerStreams;
import dev.hinksbot.gateway.channels.InboundMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack answers shown while they are written: once an answer has been in the making for one interval, its text so far
 * is posted as a draft ({@code chat.postMessage}, in the thread the answer goes to) and then updated
 * ({@code chat.update}) at most once per interval; a 429 pauses the draft for its {@code Retry-After}.
 *
 * <p>As on Telegram ({@code TelegramStreams}), the draft is a preview and never the delivery: the final answer goes
 * through the outbox in a row that updates the draft to the final text ({@link #META_UPDATE}). Updating a message to
 * the same text twice is harmless, so a restart mid-send cannot leave two final answers.
 */
public final class SlackStreams implements AnswerStreams {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");
    /** Meta key: the {@code ts} of the streamed draft the first part of the final answer replaces. */
    public static final String META_UPDATE = "slack_update_ts";
    /** A draft shows at most this much (the final answer is split at 4,000 characters instead). */
    static final int PREVIEW_CHARS = 3900;

    private final Slack slack;
    private final String botToken;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;

    public SlackStreams(Slack slack, String botToken, ScheduledExecutorService scheduler, Duration interval) {
        this.slack = slack;
        this.botToken = botToken;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public Draft open(InboundMessage origin) {
        return new SlackDraft(origin);
    }

    private final class SlackDraft implements Draft {
        private final InboundMessage origin;
        private final ScheduledFuture<?> ticks;
        private volatile String latest;
        private String shown; // guarded by this
        private String ts; // guarded by this
        private boolean stopped; // guarded by this
        private long pausedUntil; // guarded by this

        SlackDraft(InboundMessage origin) {
            this.origin = origin;
            this.ticks = scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void show(String soFar) {
            latest = soFar;
        }

        private synchronized void tick() {
            String text = latest;
            if (stopped || text == null || text.isBlank() || text.equals(shown) || System.currentTimeMillis() < pausedUntil) {
                return;
            }
            String preview = SlackMarkdown.render(text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) : text) + " …";
            String thread = origin.threadId() == null || origin.threadId().isBlank() ? null : origin.threadId();
            try {
                if (ts == null) {
                    ChatPostMessageResponse r = slack.methods(botToken).chatPostMessage(req -> req
                            .channel(origin.chatId()).threadTs(thread).text(preview).mrkdwn(true));
                    if (!r.isOk()) {
                        LOG.info("draft in {} not started: {}", origin.chatId(), r.getError());
                        stopped = true; // the answer comes as a normal message
                        return;
                    }
                    ts = r.getTs();
                } else {
                    ChatUpdateResponse r = slack.methods(botToken).chatUpdate(req -> req
                            .channel(origin.chatId()).ts(ts).text(preview));
                    if (!r.isOk()) {
                        LOG.info("draft {} in {} not updated: {}", ts, origin.chatId(), r.getError());
                        return;
                    }
                }
                shown = text;
            } catch (SlackApiException e) {
                if (e.getResponse() != null && e.getResponse().code() == 429) {
                    String after = e.getResponse().header("Retry-After");
                    long seconds = after == null ? 1 : Math.max(1, Long.parseLong(after.strip()));
                    pausedUntil = System.currentTimeMillis() + seconds * 1000;
                } else {
                    LOG.info("draft in {} not updated: HTTP {}", origin.chatId(), e.getResponse() == null ? "?" : e.getResponse().code());
                }
            } catch (Exception e) {
                LOG.info("draft in {} not updated: {}", origin.chatId(), e.getClass().getSimpleName());
            }
        }

        @Override
        public Map<String, String> finish() {
            ticks.cancel(false);
            synchronized (this) { // a tick in flight ends first: nothing touches the draft after this
                stopped = true;
                return ts == null ? Map.of() : Map.of(META_UPDATE, ts);
            }
        }
    }
}
