package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what answers have streamed so far and writes it to the store every {@code interval} (about 500 ms), all runs'
 * answers in one transaction on the one writer: a kill -9 loses at most the last interval of text, and a delta never
 * waits for the disk (deltas only append to memory; the writer is busy at most once per interval for all runs).
 */
final class StreamCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.runs");

    /** The text of one answer being written; guarded by itself. */
    private static final class Draft {
        final String sessionId;
        final String runId;
        final StringBuilder content = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        boolean dirty;

        Draft(String sessionId, String runId) {
            this.sessionId = sessionId;
            this.runId = runId;
        }
    }

    private final MessageRepository messages;
    private final Map<String, Draft> drafts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    StreamCheckpoints(MessageRepository messages, Duration interval) {
        this.messages = messages;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-checkpoints");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flushQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void content(String messageId, String sessionId, String runId, String delta) {
        Draft d = drafts.computeIfAbsent(messageId, id -> new Draft(sessionId, runId));
        synchronized (d) {
            d.content.append(delta);
            d.dirty = true;
        }
    }

    void reasoning(String messageId, String sessionId, String runId, String delta) {
        Draft d = drafts.computeIfAbsent(messageId, id -> new Draft(sessionId, runId));
        synchronized (d) {
            d.reasoning.append(delta);
            d.dirty = true;
        }
    }

    /**
     * The answer is final (the caller stores it with {@link MessageRepository#finish}): no more checkpoints for it. A
     * checkpoint already on its way cannot overwrite the final text: it only rewrites messages still streaming.
     */
    void done(String messageId) {
        drafts.remove(messageId);
    }

    /** Forgets a run's drafts (a run that ended without finishing its answer, e.g. when the store failed). */
    void forgetRun(String runId) {
        drafts.values().removeIf(d -> d.runId.equals(runId));
    }

    /** Writes every draft that changed since the last checkpoint, in one transaction; returns how many. */
    int flush() {
        List<StoredMessage> batch = new ArrayList<>();
        for (Map.Entry<String, Draft> e : drafts.entrySet()) {
            Draft d = e.getValue();
            synchronized (d) {
                if (!d.dirty) {
                    continue;
                }
                d.dirty = false;
                batch.add(new StoredMessage(e.getKey(), d.sessionId, d.runId, StoredMessage.ASSISTANT, d.content.toString(),
                        d.reasoning.length() == 0 ? null : d.reasoning.toString(), null, null, null,
                        StoredMessage.STREAMING, null, null, null, null, null));
            }
        }
        return messages.checkpoint(batch);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // The next tick tries again with the text so far; the final answer is stored by the run itself.
            drafts.values().forEach(d -> {
                synchronized (d) {
                    d.dirty = true;
                }
            });
            LOG.warn("stream checkpoint failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
