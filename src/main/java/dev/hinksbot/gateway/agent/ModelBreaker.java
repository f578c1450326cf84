package dev.hinksbot.gateway.agent;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Circuit breaker in front of llama-server, so a dead or stalled model fails new runs within seconds
 * ({@code model_unavailable}) instead of after the request timeout. Fed by two sources: health probes (one failed
 * probe opens it — llama-server did not answer its cheapest endpoint — and a good one closes it) and real calls
 * ({@code failureThreshold} consecutive failures open it: connect failure, timeout, 5xx). While open, after
 * {@code retryAfter} a single trial call is let through (half-open); its outcome closes or re-opens the breaker.
 *
 * <p>Hand-written rather than resilience4j: the two inputs (an out-of-band health probe that opens and closes it
 * directly, and telling calls already waiting when it opens) are manual transitions there anyway, and this state
 * machine is small enough to read in one go. Plain Java: the agent package knows nothing of Camel.
 */
public final class ModelBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBreaker.class);

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** {@code failureThreshold} consecutive failed calls open it; {@code retryAfter} later one trial call may go. */
    public record Settings(int failureThreshold, Duration retryAfter) {
        public Settings {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1");
            }
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Set<Runnable> openListeners = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> failureListeners = ConcurrentHashMap.newKeySet();
    private State state = State.CLOSED; // guarded by this
    private int consecutiveFailures;    // guarded by this
    private long openedAt;              // guarded by this
    private boolean trialOut;           // guarded by this
    private String reason = "";         // guarded by this

    public ModelBreaker(Settings settings) {
        this(settings, System::nanoTime);
    }

    ModelBreaker(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** A breaker for code that has no configuration at hand: 3 failures, a trial after 5 s. */
    public static ModelBreaker standard() {
        return new ModelBreaker(new Settings(3, Duration.ofSeconds(5)));
    }

    /** Empty when a call may go to llama-server now; otherwise why not (the last failure seen). */
    public synchronized Optional<String> refusal() {
        switch (state) {
            case CLOSED -> {
                return Optional.empty();
            }
            case OPEN -> {
                if (nanoTime.getAsLong() - openedAt >= settings.retryAfter().toNanos()) {
                    state = State.HALF_OPEN;
                    trialOut = true;
                    return Optional.empty();
                }
                return Optional.of(reason);
            }
            default -> {
                if (!trialOut) {
                    trialOut = true;
                    return Optional.empty();
                }
                return Optional.of(reason);
            }
        }
    }

    public synchronized State state() {
        return state;
    }

    /** llama-server answered a call (any status below 500, or 503 while loading its model). */
    public void callSucceeded() {
        close("a call succeeded");
    }

    /** A call failed in a way that says the server is not answering: connect failure, timeout, 5xx. */
    public void callFailed(String why) {
        boolean opened;
        synchronized (this) {
            consecutiveFailures++;
            opened = (state == State.HALF_OPEN || consecutiveFailures >= settings.failureThreshold()) && open(why);
        }
        failureListeners.forEach(Runnable::run);
        if (opened) {
            notifyOpened(why);
        }
    }

    /** A health probe got an answer (ok, or loading). */
    public void healthy() {
        close("llama-server answers its health check");
    }

    /** A health probe got no answer in time, or a failure status. */
    public void unhealthy(String why) {
        boolean opened;
        synchronized (this) {
            opened = open(why);
        }
        if (opened) {
            notifyOpened(why);
        }
    }

    /** Runs {@code listener} each time the breaker opens (calls waiting for an answer give up); close to stop. */
    public AutoCloseable onOpen(Runnable listener) {
        openListeners.add(listener);
        return () -> openListeners.remove(listener);
    }

    /** Runs {@code listener} after every failed call (the health watch probes at once rather than at its next tick). */
    public void onCallFailure(Runnable listener) {
        failureListeners.add(listener);
    }

    // True when this call changed the state to OPEN (a re-open from HALF_OPEN counts, an already-open one does not).
    private boolean open(String why) {
        reason = why;
        openedAt = nanoTime.getAsLong();
        trialOut = false;
        if (state == State.OPEN) {
            return false;
        }
        state = State.OPEN;
        return true;
    }

    private void close(String why) {
        State was;
        synchronized (this) {
            was = state;
            state = State.CLOSED;
            consecutiveFailures = 0;
            trialOut = false;
        }
        if (was != State.CLOSED) {
            LOG.info("llama-server breaker closed: {}", why);
        }
    }

    private void notifyOpened(String why) {
        LOG.warn("llama-server breaker open: {}; new runs fail with model_unavailable until it answers again", why);
        for (Runnable listener : List.copyOf(openListeners)) {
            listener.run();
        }
    }
}
