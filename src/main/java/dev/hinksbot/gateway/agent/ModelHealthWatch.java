package dev.hinksbot.gateway.agent;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes llama-server's {@code /health} every {@code interval} (and at once after a failed call), with a short
 * {@code timeout}, so the {@link ModelBreaker} learns that the model is gone or frozen (SIGSTOP: the port still
 * accepts, nothing answers) before a user's run has to wait for it — and learns just as quickly that it is back.
 * {@link LlamaClient#health(Duration)} feeds the breaker; this class only decides when to ask.
 */
public final class ModelHealthWatch implements AutoCloseable {
    private final LlamaClient llama;
    private final Duration interval;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean probing = new AtomicBoolean();

    public ModelHealthWatch(LlamaClient llama, Duration interval, Duration timeout) {
        this.llama = llama;
        this.interval = interval;
        this.timeout = timeout;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llama-health-watch");
            t.setDaemon(true);
            return t;
        });
    }

    public ModelHealthWatch start() {
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for a probe now (after a failed call); a probe already running answers for both. */
    public void probeSoon() {
        try {
            scheduler.execute(this::probe);
        } catch (RejectedExecutionException closed) {
            // shutting down: nobody needs the answer
        }
    }

    private void probe() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        try {
            llama.health(timeout);
        } catch (RuntimeException e) {
            // health() does not throw; a bug here must not end the schedule
        } finally {
            probing.set(false);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
