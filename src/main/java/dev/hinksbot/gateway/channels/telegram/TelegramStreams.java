package dev.hinksbot.gateway.channels.telegram;

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
 * Telegram answers shown while they are written: once an answer has been in the making for one interval, its text so
 * far is sent as a draft ({@code sendMessage}) and then edited ({@code editMessageText}) at most once per interval
 * (Telegram allows about one edit a second per chat; a 429 pauses the draft for its {@code retry_after}).
 *
 * <p>The draft is a best-effort preview and never the delivery: the final answer still goes through the outbox, in a
 * row that edits the draft into the final text ({@link TelegramOutbound#META_EDIT}). That row is the only one that
 * counts, and sending it twice (after a crash while it was in flight) edits the same message to the same text, so a
 * restart mid-stream can leave a partial draft (followed by the restart notice) but never a second final answer.
 */
public final class TelegramStreams implements AnswerStreams {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.telegram");
    /** A draft shows at most this much (Telegram's limit is 4,096 characters); the final answer is split instead. */
    static final int PREVIEW_CHARS = 4000;

    private final TelegramOutbound telegram;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;

    public TelegramStreams(TelegramOutbound telegram, ScheduledExecutorService scheduler, Duration interval) {
        this.telegram = telegram;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public Draft open(InboundMessage origin) {
        return new TelegramDraft(origin);
    }

    private final class TelegramDraft implements Draft {
        private final InboundMessage origin;
        private final ScheduledFuture<?> ticks;
        private volatile String latest;
        private String shown; // guarded by this
        private String messageId; // guarded by this
        private boolean stopped; // guarded by this
        private long pausedUntil; // guarded by this

        TelegramDraft(InboundMessage origin) {
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
            String preview = (text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) : text) + " …";
            try {
                if (messageId == null) {
                    messageId = telegram.send(origin.chatId(), origin.threadId(), preview);
                } else {
                    telegram.editText(origin.chatId(), messageId, preview);
                }
                shown = text;
            } catch (TelegramBotApi.Failure e) {
                if (e.status() == 429) {
                    pausedUntil = System.currentTimeMillis() + Math.max(1, e.retryAfterSeconds()) * 1000;
                } else if (!e.notModified()) {
                    LOG.info("draft in {} stopped: {}", origin.chatId(), e.getMessage());
                    stopped = messageId == null; // no draft yet: the answer comes as a normal message
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.info("draft in {} not updated: {}", origin.chatId(), e.toString());
            }
        }

        @Override
        public Map<String, String> finish() {
            ticks.cancel(false);
            synchronized (this) { // a tick in flight ends first: nothing edits the draft after this
                stopped = true;
                return messageId == null ? Map.of() : Map.of(TelegramOutbound.META_EDIT, messageId);
            }
        }
    }
}
