package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers shown while they are written, on a chat that can edit a message: once an answer has been in the making for
 * one interval, its text so far is posted as a draft and then edited at most once per interval; a rate limit pauses
 * the draft for as long as the platform asks.
 *
 * <p>The draft is a best-effort preview and never the delivery: the final answer still goes through the outbox, in a
 * row that edits the draft into the final text ({@link Sink#replaces}). That row is the only one that counts, and
 * sending it twice (after a crash while it was in flight) edits the same message to the same text, so a restart
 * mid-stream can leave a partial draft (followed by the restart notice) but never a second final answer.
 */
public final class ThrottledDrafts implements AnswerStreams {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.drafts");

    /** How one platform posts and edits a draft. */
    public interface Sink {
        /** The draft's text for the answer so far (the platform's markup, cut to its size, marked unfinished). */
        String preview(String soFar);

        /** Posts the first draft where {@code origin}'s answer goes; returns the new message's id. */
        String post(InboundMessage origin, String preview) throws Exception;

        /** Edits draft {@code id} to {@code preview}; "not modified" is not a failure. */
        void edit(InboundMessage origin, String id, String preview) throws Exception;

        /** The wait a failure asks for (a rate limit), or null when it is not one. */
        Duration pauseFor(Exception failure);

        /** The meta the final answer is delivered with so that it replaces draft {@code id}. */
        Map<String, String> replaces(String id);
    }

    private final String platform;
    private final Sink sink;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;

    public ThrottledDrafts(String platform, Sink sink, ScheduledExecutorService scheduler, Duration interval) {
        this.platform = platform;
        this.sink = sink;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public Draft open(InboundMessage origin) {
        return new ThrottledDraft(origin);
    }

    private final class ThrottledDraft implements Draft {
        private final InboundMessage origin;
        private final ScheduledFuture<?> ticks;
        private volatile String latest;
        private String shown; // guarded by this
        private String id; // guarded by this
        private boolean stopped; // guarded by this
        private long pausedUntil; // guarded by this

        ThrottledDraft(InboundMessage origin) {
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
            String preview = sink.preview(text);
            try {
                if (id == null) {
                    id = sink.post(origin, preview);
                } else {
                    sink.edit(origin, id, preview);
                }
                shown = text;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Duration pause = sink.pauseFor(e);
                if (pause != null) {
                    pausedUntil = System.currentTimeMillis() + Math.max(1000, pause.toMillis());
                } else if (id == null) {
                    stopped = true; // no draft: the answer comes as a normal message
                    LOG.info("{} draft in {} not started: {}", platform, origin.chatId(), e.getMessage());
                } else {
                    LOG.info("{} draft in {} not updated: {}", platform, origin.chatId(), e.getMessage());
                }
            }
        }

        @Override
        public Map<String, String> finish() {
            ticks.cancel(false);
            synchronized (this) { // a tick in flight ends first: nothing edits the draft after this
                stopped = true;
                return id == null ? Map.of() : sink.replaces(id);
            }
        }
    }
}
