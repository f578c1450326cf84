package dev.hinksbot.gateway.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation shared by a run, its model stream and its tools. Listeners run once, on the
 * cancelling thread, so a blocking read (an HTTP stream, a child process) can be closed from outside.
 */
public final class CancelSignal {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            listeners.forEach(CancelSignal::runQuietly);
        }
    }

    /** Registers an action to run on cancel; runs it at once if already cancelled. Returns a handle to deregister. */
    public AutoCloseable onCancel(Runnable action) {
        listeners.add(action);
        if (cancelled.get() && listeners.remove(action)) {
            runQuietly(action);
        }
        return () -> listeners.remove(action);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a listener that fails to close its resource must not stop the others
        }
    }
}
