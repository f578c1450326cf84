package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.web.ApiException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the model work in flight through `/v1` (agent runs and pass-through requests alike,
 * gateway.api.max-concurrent-runs): one more is refused at once with 429, never queued without bound.
 */
public final class RunSlots {
    static final int RETRY_AFTER_SECONDS = 1;
    private final int limit;
    private final Semaphore slots;

    public RunSlots(int limit) {
        this.limit = limit;
        this.slots = new Semaphore(limit);
    }

    /** A taken slot; close it exactly once when the work has ended. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    public Slot acquire() {
        if (!slots.tryAcquire()) {
            // Runs last seconds, not minutes: a short Retry-After lets SDKs that retry (openai-python, -node) succeed soon.
            throw new ApiException(429, "too_many_runs", limit + " runs are already active"
                    + " (gateway.api.max-concurrent-runs); retry when one has finished", null, RETRY_AFTER_SECONDS);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
    }
}
