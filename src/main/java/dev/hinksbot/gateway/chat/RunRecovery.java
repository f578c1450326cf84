package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.store.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers cut off by a stop or a crash: closes them as {@code interrupted} and tells each chat once.
 * <ul>
 *   <li>At start-up, before any run starts, {@link #closeInFlight()} closes every run still marked running (a kill -9
 *   or a run that did not end within the stop's grace period) and its streamed text as interrupted.</li>
 *   <li>{@link #notifyInterrupted} queues {@link #NOTICE} for each interrupted run that came from a chat and was not
 *   notified yet; the run is marked notified in the same transaction that writes the outbox row, so a notice is
 *   queued once, whatever the number of restarts. Called at start-up and when a graceful stop has ended its runs.</li>
 * </ul>
 * Runs from the WebSocket or the API have no chat to write to: their stored answer shows the state.
 */
public final class RunRecovery {
    public static final String NOTICE = "⚠️ I was restarted while answering — send /retry to try again";
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.runs");

    /**
     * Queues a text to the chat a run came from ({@code origin}, as the run recorded it) through the normal delivery
     * path; must write its outbox rows on the calling thread, so they join the caller's transaction.
     */
    @FunctionalInterface
    public interface Notifier {
        void send(String origin, String text);
    }

    private final RunRepository runs;

    public RunRecovery(RunRepository runs) {
        this.runs = runs;
    }

    /** Closes runs left running by the previous process; returns how many. */
    public int closeInFlight() {
        int closed = runs.interruptAllRunning();
        if (closed > 0) {
            LOG.warn("{} answer(s) were cut off when the gateway last stopped; marked interrupted", closed);
        }
        return closed;
    }

    /** Queues the restart notice for each interrupted chat run not yet notified; returns how many were queued. */
    public int notifyInterrupted(Notifier notifier) {
        int queued = 0;
        for (RunRepository.Run run : runs.unnotified()) {
            try {
                if (runs.markNotified(run.id(), () -> notifier.send(run.origin(), NOTICE))) {
                    queued++;
                    LOG.info("run {} session={} interrupted: restart notice queued", run.id(), run.sessionId());
                }
            } catch (RuntimeException e) {
                // Nothing was marked: the next start tries again (e.g. the platform was switched off meanwhile).
                LOG.warn("run {} session={}: could not queue the restart notice: {}", run.id(), run.sessionId(), e.toString());
            }
        }
        return queued;
    }
}
