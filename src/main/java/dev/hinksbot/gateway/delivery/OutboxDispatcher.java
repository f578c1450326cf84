package dev.hinksbot.gateway.delivery;

import dev.hinksbot.gateway.store.OutboxRepository;
import dev.hinksbot.gateway.store.OutboxRepository.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending outbox rows, oldest first, on one background thread. A row is marked delivered only when its
 * platform acknowledged it; a failure is retried with exponential backoff (or after the wait the platform asked
 * for), and after the last attempt the row stays as {@code failed}. Rows of one chat go out in order: while an
 * earlier row of a chat waits for a retry, later rows of that chat wait too. Pending rows left by a previous run
 * are sent when the dispatcher starts.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.delivery");
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final OutboxRepository outbox;
    private final Map<String, PlatformSender> senders;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile boolean closed;
    private Thread thread;

    public OutboxDispatcher(OutboxRepository outbox, Map<String, PlatformSender> senders, int maxAttempts,
                            Duration baseDelay, Duration maxDelay, Clock clock) {
        this.outbox = outbox;
        this.senders = Map.copyOf(senders);
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** New rows were written: look at once instead of at the next poll. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                pass();
            } catch (RuntimeException e) {
                LOG.warn("outbox pass failed: {}", e.toString());
            }
            try {
                wake.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass over the pending rows; returns how many were attempted. Package-visible for tests. */
    int pass() {
        List<Row> pending = outbox.list(OutboxRepository.PENDING, 1000);
        Set<String> blocked = new HashSet<>();
        int attempted = 0;
        Instant now = clock.instant();
        for (int i = pending.size() - 1; i >= 0 && !closed; i--) { // list() is newest first
            Row row = pending.get(i);
            String chat = row.platform() + ":" + row.chatId();
            if (blocked.contains(chat)) {
                continue;
            }
            if (row.nextAttemptAt() != null && row.nextAttemptAt().isAfter(now)) {
                blocked.add(chat);
                continue;
            }
            attempted++;
            if (!attempt(row)) {
                blocked.add(chat);
            }
        }
        return attempted;
    }

    private boolean attempt(Row row) {
        int attempts = row.attempts() + 1;
        PlatformSender sender = senders.get(row.platform());
        if (sender == null) {
            outbox.markFailed(row.id(), attempts, row.platform() + " is not configured");
            LOG.warn("outbox {} to {}:{} failed: {} is not configured", row.id(), row.platform(), row.chatId(), row.platform());
            return false;
        }
        try {
            String ack = sender.send(row);
            outbox.markDelivered(row.id(), attempts, ack);
            LOG.info("outbox {} delivered to {}:{} part={}/{} attempts={} ack={}", row.id(), row.platform(), row.chatId(),
                    row.part(), row.parts(), attempts, ack);
            return true;
        } catch (DeliveryException e) {
            if (e.permanent() || attempts >= maxAttempts) {
                outbox.markFailed(row.id(), attempts, e.getMessage());
                LOG.warn("outbox {} to {}:{} failed after {} attempt(s): {}", row.id(), row.platform(), row.chatId(),
                        attempts, e.getMessage());
            } else {
                Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff(attempts);
                outbox.markRetry(row.id(), attempts, clock.instant().plus(wait), e.getMessage());
                LOG.info("outbox {} to {}:{} attempt {} failed ({}); retrying in {} ms", row.id(), row.platform(),
                        row.chatId(), attempts, e.getMessage(), wait.toMillis());
            }
            return false;
        } catch (RuntimeException e) {
            Duration wait = backoff(attempts);
            String error = "unexpected error: " + e.getClass().getSimpleName();
            if (attempts >= maxAttempts) {
                outbox.markFailed(row.id(), attempts, error);
            } else {
                outbox.markRetry(row.id(), attempts, clock.instant().plus(wait), error);
            }
            LOG.warn("outbox {} to {}:{} attempt {} failed: {}", row.id(), row.platform(), row.chatId(), attempts, e.toString());
            return false;
        }
    }

    /** base × 2^(attempt-1), at most {@code maxDelay}. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = baseDelay.multipliedBy(factor);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    @Override
    public synchronized void close() {
        closed = true;
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
