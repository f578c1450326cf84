package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.store.StoreStep;
import dev.hinksbot.gateway.store.WaitingMessageRepository;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per session; what happens to a message that arrives while a run is active:
 * <ul>
 *   <li>{@code interrupt} (default): the run is cancelled (its partial answer is kept) and the new message runs
 *       next; several messages sent meanwhile are joined into one prompt;</li>
 *   <li>{@code queue}: the message waits in a bounded FIFO and runs after the current one, one per run;</li>
 *   <li>{@code steer}: the message is folded into the running answer before its next model turn (or runs next if
 *       the answer ends first).</li>
 * </ul>
 * Waiting messages are also kept in the database until they run, so a restart answers them instead of dropping them.
 * Commands that must work while busy (/stop, /new, /status, /queue, /approve, /deny) never come here.
 */
public final class BusyGuard {
    private static final Logger LOG = LoggerFactory.getLogger(BusyGuard.class);
    private static final java.time.Duration RESTORE_WAIT = java.time.Duration.ofSeconds(30);

    public enum Outcome { STARTED, INTERRUPTED, QUEUED, STEERED, QUEUE_FULL }

    public record Result(Outcome outcome, int position, ActiveRun run) {
    }

    /**
     * Who sent a message and how to answer them: the launcher, the platform message (null on the WebSocket), and the
     * store step that records the platform message's inbound key with whatever stores the message first (its run's
     * prompt or its waiting row).
     */
    public record Sender(RunLauncher launcher, InboundMessage origin, StoreStep intake) {
        public Sender {
            intake = intake == null ? StoreStep.NONE : intake;
        }

        public Sender(RunLauncher launcher, InboundMessage origin) {
            this(launcher, origin, StoreStep.NONE);
        }
    }

    /** A message waiting for its turn; {@code ids} are its rows in the store (several when messages were joined). */
    private record Pending(String text, Sender sender, boolean combine, List<Long> ids) {
    }

    private static final class State {
        final Deque<Pending> queue = new ArrayDeque<>();
        final List<Pending> steer = new ArrayList<>();
    }

    private final ChatService chat;
    private final int queueLimit;
    private final WaitingMessageRepository store;
    private final Map<String, State> states = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this
    private final CountDownLatch restored = new CountDownLatch(1);

    public BusyGuard(ChatService chat, int queueLimit, WaitingMessageRepository store) {
        this.chat = chat;
        this.queueLimit = queueLimit;
        this.store = store;
    }

    /**
     * Runs the message now or lets it wait, by {@code mode}. Waits first (briefly) until {@link #restore} put back
     * what waited before a restart: the platform consumers start with Camel, just before the restore, and a new
     * message must not overtake older ones of its chat.
     */
    public Result submit(String sessionId, String text, String mode, Sender sender) throws SessionBusyException {
        awaitRestored();
        return submitNow(sessionId, text, mode, sender);
    }

    private void awaitRestored() {
        try {
            if (!restored.await(RESTORE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("waiting messages were not restored within {} s; taking new messages anyway", RESTORE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Result submitNow(String sessionId, String text, String mode, Sender sender) throws SessionBusyException {
        State st = states.computeIfAbsent(sessionId, k -> new State());
        if (chat.active(sessionId).isEmpty() && st.queue.isEmpty()) {
            try {
                return new Result(Outcome.STARTED, 0, start(sessionId, text, sender.launcher(), sender.intake()));
            } catch (SessionBusyException raced) {
                // another message won the session a moment ago: treat this one as arriving during that run
            }
        }
        switch (mode) {
            case "queue" -> {
                if (st.queue.size() >= queueLimit) {
                    return new Result(Outcome.QUEUE_FULL, st.queue.size(), null);
                }
                st.queue.addLast(waiting(sessionId, "queue", text, sender, false));
                startNextIfIdle(sessionId);
                return new Result(Outcome.QUEUED, st.queue.size(), null);
            }
            case "steer" -> {
                st.steer.add(waiting(sessionId, "steer", text, sender, false));
                startNextIfIdle(sessionId);
                return new Result(Outcome.STEERED, st.steer.size(), null);
            }
            default -> {
                if (st.queue.size() >= queueLimit) {
                    return new Result(Outcome.QUEUE_FULL, st.queue.size(), null);
                }
                st.queue.addLast(waiting(sessionId, "interrupt", text, sender, true));
                if (!chat.cancel(sessionId)) {
                    startNextIfIdle(sessionId);
                }
                return new Result(Outcome.INTERRUPTED, st.queue.size(), null);
            }
        }
    }

    /** {@code /queue <text>}: always waits its turn in the FIFO (starts at once if the session is idle). */
    public Result enqueue(String sessionId, String text, Sender sender) {
        awaitRestored();
        return enqueueNow(sessionId, text, sender);
    }

    private synchronized Result enqueueNow(String sessionId, String text, Sender sender) {
        State st = states.computeIfAbsent(sessionId, k -> new State());
        if (st.queue.size() >= queueLimit) {
            return new Result(Outcome.QUEUE_FULL, st.queue.size(), null);
        }
        boolean idle = chat.active(sessionId).isEmpty() && st.queue.isEmpty();
        st.queue.addLast(waiting(sessionId, "queue", text, sender, false));
        int position = st.queue.size();
        startNextIfIdle(sessionId);
        return new Result(idle ? Outcome.STARTED : Outcome.QUEUED, position, null);
    }

    /**
     * After a restart: runs what was waiting when the gateway stopped, in the order it arrived. A message meant to
     * steer an answer that no longer runs is answered on its own; {@code senders} rebuilds how to answer each one.
     */
    public synchronized int restore(Function<InboundMessage, RunLauncher> senders) {
        try {
            return restoreNow(senders);
        } finally {
            restored.countDown();
        }
    }

    private int restoreNow(Function<InboundMessage, RunLauncher> senders) {
        List<WaitingMessageRepository.WaitingMessage> rows = store.all();
        for (WaitingMessageRepository.WaitingMessage row : rows) {
            InboundMessage origin = row.origin() == null ? null : InboundMessage.fromJson(row.origin());
            Sender sender = new Sender(senders.apply(origin), origin);
            states.computeIfAbsent(row.sessionId(), k -> new State()).queue.addLast(
                    new Pending(row.text(), sender, "interrupt".equals(row.mode()), List.of(row.id())));
        }
        List.copyOf(states.keySet()).forEach(this::startNextIfIdle);
        if (!rows.isEmpty()) {
            LOG.info("restored {} waiting message(s) from before the restart", rows.size());
        }
        return rows.size();
    }

    /** Messages waiting for the session (queued or to steer). */
    public synchronized int waiting(String sessionId) {
        State st = states.get(sessionId);
        return st == null ? 0 : st.queue.size() + st.steer.size();
    }

    /** Drops whatever waits for the session (/stop, /new). Returns how many messages were dropped. */
    public synchronized int clear(String sessionId) {
        State st = states.remove(sessionId);
        store.deleteSession(sessionId);
        return st == null ? 0 : st.queue.size() + st.steer.size();
    }

    private Pending waiting(String sessionId, String mode, String text, Sender sender, boolean combine) {
        long id = store.add(sessionId, mode, text, sender.origin() == null ? null : sender.origin().toJson(), sender.intake());
        return new Pending(text, sender, combine, List.of(id));
    }

    private ActiveRun start(String sessionId, String text, RunLauncher launcher, StoreStep alongside) throws SessionBusyException {
        ActiveRun run = launcher.launch(sessionId, text, steering(sessionId), alongside);
        run.done().whenComplete((v, e) -> onRunEnded(sessionId));
        return run;
    }

    private ChatInput.Steering steering(String sessionId) {
        return () -> {
            synchronized (BusyGuard.this) {
                State st = states.get(sessionId);
                if (st == null || st.steer.isEmpty()) {
                    return List.of();
                }
                List<String> out = st.steer.stream().map(Pending::text).toList();
                // The run stores them as user messages of the session as it takes them.
                store.delete(st.steer.stream().flatMap(p -> p.ids().stream()).toList());
                st.steer.clear();
                return out;
            }
        };
    }

    private synchronized void onRunEnded(String sessionId) {
        startNextIfIdle(sessionId);
    }

    /** Shutting down: runs cancelled now must not start the next waiting message (it stays stored for the restart). */
    public synchronized void close() {
        closed = true;
    }

    private void startNextIfIdle(String sessionId) {
        State st = states.get(sessionId);
        if (closed || st == null || chat.active(sessionId).isPresent()) {
            return;
        }
        if (!st.steer.isEmpty()) {
            // the answer ended before it could take these: they run next, as one message
            st.queue.addFirst(join(st.steer, false));
            st.steer.clear();
        }
        Pending next = st.queue.pollFirst();
        if (next == null) {
            states.remove(sessionId);
            return;
        }
        if (next.combine()) {
            List<Pending> joined = new ArrayList<>(List.of(next));
            while (!st.queue.isEmpty() && st.queue.peekFirst().combine()) {
                joined.add(st.queue.pollFirst());
            }
            next = join(joined, true);
        }
        try {
            // its text becomes a stored user message of the session in the same transaction that removes it from the queue
            start(sessionId, next.text(), next.sender().launcher(), store.deleteStep(next.ids()));
        } catch (SessionBusyException e) {
            st.queue.addFirst(next);
        } catch (RuntimeException e) {
            LOG.warn("could not start the next message for session {}: {}", sessionId, e.toString());
        }
    }

    /** Several waiting messages as one prompt, answered to the last sender. */
    private static Pending join(List<Pending> parts, boolean combine) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return new Pending(String.join("\n\n", parts.stream().map(Pending::text).toList()),
                parts.get(parts.size() - 1).sender(), combine, parts.stream().flatMap(p -> p.ids().stream()).toList());
    }
}
