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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending outbox rows, oldest first, and records what really happened to each. The outbox-sender routes
 * (routes/delivery.yaml) drive it: each new delivery and a timer call {@link #sendDue()}, one pass at a time.
 * <ul>
 *   <li>A row is {@code sending} while its attempt is in flight and {@code delivered} only when the platform
 *       acknowledged it.</li>
 *   <li>A failure is retried with exponential backoff and counted; after the last attempt the row stays {@code failed}.
 *       A rate limit (the platform's {@code retry_after} / {@code Retry-After}) is waited out and not counted: it says
 *       "later", not "no".</li>
 *   <li>Rows of one chat go out in order: while an earlier row of a chat waits (retry, rate limit), later rows of that
 *       chat wait too.</li>
 *   <li>{@link #close()} takes no new rows and lets the send in flight finish (up to the drain timeout), recording its
 *       real outcome. A send cut off by the shutdown, or left {@code sending} by a crash (found by {@link #recover()}
 *       at start), may or may not have reached the platform: it is sent again only if the platform recognises a
 *       repeat ({@link PlatformSender#detectsDuplicates(Row)}), otherwise it is marked {@code unknown} and shown, never
 *       silently doubled.</li>
 * </ul>
 * Nothing is sent before {@link #start()} has recovered what a previous run left; then pending rows go out.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.delivery");
    /** After the drain timeout the send is interrupted; this long is given to record that. */
    private static final Duration RECORD_AFTER_INTERRUPT = Duration.ofSeconds(2);
    /** Past the drain timeout plus this, a row another sender left {@code sending} no longer holds its chat back. */
    private static final Duration STALE_SENDING = Duration.ofMinutes(2);
    static final String CUT_OFF = "the gateway shut down while this was being sent; the platform may or may not have it";
    static final String CRASHED = "the gateway stopped (crash) while this was being sent; the platform may or may not have it";

    private final OutboxRepository outbox;
    private final Map<String, PlatformSender> senders;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final Duration drainTimeout;
    /** Held by the one pass that runs; close() takes it to know the send in flight has ended. */
    private final ReentrantLock passing = new ReentrantLock();
    /** A call that found a pass running: that pass looks once more, so no new row waits for the next tick. */
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean started;
    private final DeliveryListener listener;
    private volatile boolean closed;
    /** Set when the drain timeout passed and the send in flight is interrupted: its outcome is unknown. */
    private volatile boolean abandoned;
    private volatile Row inFlight;
    private volatile Thread passThread;

    public OutboxDispatcher(OutboxRepository outbox, Map<String, PlatformSender> senders, int maxAttempts,
                            Duration baseDelay, Duration maxDelay, Clock clock) {
        this(outbox, senders, maxAttempts, baseDelay, maxDelay, clock, Duration.ofSeconds(10));
    }

    public OutboxDispatcher(OutboxRepository outbox, Map<String, PlatformSender> senders, int maxAttempts,
                            Duration baseDelay, Duration maxDelay, Clock clock, Duration drainTimeout) {
        this(outbox, senders, maxAttempts, baseDelay, maxDelay, clock, drainTimeout, DeliveryListener.NONE);
    }

    public OutboxDispatcher(OutboxRepository outbox, Map<String, PlatformSender> senders, int maxAttempts,
                            Duration baseDelay, Duration maxDelay, Clock clock, Duration drainTimeout, DeliveryListener listener) {
        this.listener = listener;
        this.outbox = outbox;
        this.senders = Map.copyOf(senders);
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.drainTimeout = drainTimeout;
    }

    /** Recovers what a previous run left {@code sending}; from now on {@link #sendDue()} sends. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        recover();
        started = true;
    }

    /**
     * Sends every row that is due, on the calling thread; returns how many were attempted. A call while another pass
     * runs returns at once (that pass looks again). Nothing happens before {@link #start()} or after {@link #close()}.
     */
    public int sendDue() {
        if (!started || closed) {
            return 0;
        }
        again.set(true);
        int attempted = 0;
        // re-checked after unlocking: a call that came just as the pass ended is not left for the next tick
        while (again.get() && !closed && passing.tryLock()) {
            try {
                passThread = Thread.currentThread();
                while (again.getAndSet(false) && !closed) {
                    attempted += pass();
                }
            } catch (RuntimeException e) {
                LOG.warn("outbox pass failed: {}", e.toString());
            } finally {
                passThread = null;
                passing.unlock();
            }
        }
        return attempted;
    }

    /** Rows a previous process left {@code sending}: unknown, or pending again where a repeat is recognised. */
    int recover() {
        List<Row> cut = outbox.interrupted();
        for (Row row : cut) {
            cutOff(row, row.attempts(), CRASHED);
        }
        return cut.size();
    }

    /** One pass over the pending rows; returns how many were attempted. Package-visible for tests. */
    int pass() {
        List<Row> pending = outbox.list(OutboxRepository.PENDING, 1000);
        Set<String> blocked = new HashSet<>();
        // a chat with a row another gateway on this database is sending waits for it: its order holds across senders.
        // Listed after the pending rows, so a row claimed in between is seen either as pending (its claim fails here,
        // which blocks the chat) or as sending.
        // One left sending for longer than any send takes (its gateway died) blocks nothing.
        Instant stale = clock.instant().minus(drainTimeout.plus(STALE_SENDING));
        for (Row sending : outbox.list(OutboxRepository.SENDING, 1000)) {
            if (sending.updatedAt() == null || sending.updatedAt().isAfter(stale)) {
                blocked.add(sending.platform() + ":" + sending.chatId());
            }
        }
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
            listener.outcome(row.platform(), "failed");
            LOG.warn("outbox {} to {}:{} failed: {} is not configured", row.id(), row.platform(), row.chatId(), row.platform());
            return false;
        }
        if (!outbox.markSending(row.id())) {
            return false; // another gateway sends it: the chat's later rows wait for the next pass, in order
        }
        inFlight = row;
        try {
            String ack = sender.send(row);
            outbox.markDelivered(row.id(), attempts, ack);
            listener.outcome(row.platform(), "delivered");
            LOG.info("outbox {} delivered to {}:{} part={}/{} attempts={} ack={}", row.id(), row.platform(), row.chatId(),
                    row.part(), row.parts(), attempts, ack);
            return true;
        } catch (DeliveryException e) {
            if (abandoned) {
                cutOff(row, attempts, CUT_OFF);
            } else if (e.retryAfter() != null && !e.permanent()) {
                // the platform asked us to wait: not a failed attempt, and the chat's later rows wait behind this one
                outbox.markRetry(row.id(), row.attempts(), clock.instant().plus(e.retryAfter()), e.getMessage());
                listener.outcome(row.platform(), "rate_limited");
                LOG.info("outbox {} to {}:{} rate limited ({}); sending again in {} ms", row.id(), row.platform(),
                        row.chatId(), e.getMessage(), e.retryAfter().toMillis());
            } else if (e.permanent() || attempts >= maxAttempts) {
                outbox.markFailed(row.id(), attempts, e.getMessage());
                listener.outcome(row.platform(), "failed");
                LOG.warn("outbox {} to {}:{} failed after {} attempt(s): {}", row.id(), row.platform(), row.chatId(),
                        attempts, e.getMessage());
            } else {
                Duration wait = backoff(attempts);
                outbox.markRetry(row.id(), attempts, clock.instant().plus(wait), e.getMessage());
                listener.outcome(row.platform(), "retry");
                LOG.info("outbox {} to {}:{} attempt {} failed ({}); retrying in {} ms", row.id(), row.platform(),
                        row.chatId(), attempts, e.getMessage(), wait.toMillis());
            }
            return false;
        } catch (RuntimeException e) {
            if (abandoned) {
                cutOff(row, attempts, CUT_OFF);
                return false;
            }
            Duration wait = backoff(attempts);
            String error = "unexpected error: " + e.getClass().getSimpleName();
            if (attempts >= maxAttempts) {
                outbox.markFailed(row.id(), attempts, error);
                listener.outcome(row.platform(), "failed");
            } else {
                outbox.markRetry(row.id(), attempts, clock.instant().plus(wait), error);
                listener.outcome(row.platform(), "retry");
            }
            LOG.warn("outbox {} to {}:{} attempt {} failed: {}", row.id(), row.platform(), row.chatId(), attempts, e.toString());
            return false;
        } finally {
            inFlight = null;
        }
    }

    /** An attempt whose outcome nobody knows: repeat it only where the platform recognises a repeat. */
    private void cutOff(Row row, int attempts, String why) {
        PlatformSender sender = senders.get(row.platform());
        if (sender != null && sender.detectsDuplicates(row)) {
            outbox.markRetry(row.id(), attempts, clock.instant(), why + "; sent again (" + row.platform() + " recognises a repeat)");
            listener.outcome(row.platform(), "retry");
            LOG.warn("outbox {} to {}:{}: {}; it will be sent again, {} recognises a repeat", row.id(), row.platform(),
                    row.chatId(), why, row.platform());
        } else {
            outbox.markUnknown(row.id(), attempts, why + "; not sent again, to avoid a duplicate (outbox retry sends it)");
            listener.outcome(row.platform(), "unknown");
            LOG.warn("outbox {} to {}:{} is unknown: {}; not sent again", row.id(), row.platform(), row.chatId(), why);
        }
    }

    /** base × 2^(attempt-1), at most {@code maxDelay}. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = baseDelay.multipliedBy(factor);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /**
     * Takes no new rows and lets the send in flight finish within the drain timeout, recording its outcome; a send
     * still open after that is interrupted and recorded as cut off. Pending rows stay for the next start.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (passing.tryLock(Math.max(1, drainTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
                passing.unlock();
                return;
            }
            abandoned = true;
            Thread sending = passThread;
            if (sending != null) {
                sending.interrupt();
            }
            if (passing.tryLock(RECORD_AFTER_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS)) {
                passing.unlock();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Row stuck = inFlight;
        if (stuck != null) {
            // the send ignores interrupts: record it here, while the store is still open
            cutOff(stuck, stuck.attempts() + 1, CUT_OFF);
        }
    }
}
