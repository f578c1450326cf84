package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.SessionBusyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run per session; what happens to a message that arrives while a run is active:
 * <ul>
 *   <li>{@code interrupt} (default): the run is cancelled (its partial answer is kept) and the new message runs
 *       next; several messages sent meanwhile are joined into one prompt;</li>
 *   <li>{@code queue}: the message waits in a bounded FIFO and runs after the current one, one per run;</li>
 *   <li>{@code steer}: the message is folded into the running answer before its next model turn (or runs next if
 *       the answer ends first).</li>
 * </ul>
 * Commands that must work while busy (/stop, /new, /status, /queue, /approve, /deny) never come here.
 */
public final class BusyGuard {
    public enum Outcome { STARTED, INTERRUPTED, QUEUED, STEERED, QUEUE_FULL }

    public record Result(Outcome outcome, int position, ActiveRun run) {
    }

    private record Pending(String text, RunLauncher launcher, boolean combine) {
    }

    private static final class State {
        final Deque<Pending> queue = new ArrayDeque<>();
        final List<String> steer = new ArrayList<>();
        RunLauncher steerLauncher;
    }

    private final ChatService chat;
    private final int queueLimit;
    private final Map<String, State> states = new HashMap<>(); // guarded by this

    public BusyGuard(ChatService chat, int queueLimit) {
        this.chat = chat;
        this.queueLimit = queueLimit;
    }

    public synchronized Result submit(String sessionId, String text, String mode, RunLauncher launcher) throws SessionBusyException {
        State st = states.computeIfAbsent(sessionId, k -> new State());
        if (chat.active(sessionId).isEmpty() && st.queue.isEmpty()) {
            try {
                return new Result(Outcome.STARTED, 0, start(sessionId, text, launcher));
            } catch (SessionBusyException raced) {
                // another message won the session a moment ago: treat this one as arriving during that run
            }
        }
        switch (mode) {
            case "queue" -> {
                if (st.queue.size() >= queueLimit) {
                    return new Result(Outcome.QUEUE_FULL, st.queue.size(), null);
                }
                st.queue.addLast(new Pending(text, launcher, false));
                startNextIfIdle(sessionId);
                return new Result(Outcome.QUEUED, st.queue.size(), null);
            }
            case "steer" -> {
                st.steer.add(text);
                st.steerLauncher = launcher;
                startNextIfIdle(sessionId);
                return new Result(Outcome.STEERED, st.steer.size(), null);
            }
            default -> {
                if (st.queue.size() >= queueLimit) {
                    return new Result(Outcome.QUEUE_FULL, st.queue.size(), null);
                }
                st.queue.addLast(new Pending(text, launcher, true));
                if (!chat.cancel(sessionId)) {
                    startNextIfIdle(sessionId);
                }
                return new Result(Outcome.INTERRUPTED, st.queue.size(), null);
            }
        }
    }

    /** {@code /queue <text>}: always waits its turn in the FIFO (starts at once if the session is idle). */
    public synchronized Result enqueue(String sessionId, String text, RunLauncher launcher) {
        State st = states.computeIfAbsent(sessionId, k -> new State());
        if (st.queue.size() >= queueLimit) {
            return new Result(Outcome.QUEUE_FULL, st.queue.size(), null);
        }
        boolean idle = chat.active(sessionId).isEmpty() && st.queue.isEmpty();
        st.queue.addLast(new Pending(text, launcher, false));
        int position = st.queue.size();
        startNextIfIdle(sessionId);
        return new Result(idle ? Outcome.STARTED : Outcome.QUEUED, position, null);
    }

    /** Messages waiting for the session (queued or to steer). */
    public synchronized int waiting(String sessionId) {
        State st = states.get(sessionId);
        return st == null ? 0 : st.queue.size() + st.steer.size();
    }

    /** Drops whatever waits for the session (/stop, /new). Returns how many messages were dropped. */
    public synchronized int clear(String sessionId) {
        State st = states.remove(sessionId);
        return st == null ? 0 : st.queue.size() + st.steer.size();
    }

    private ActiveRun start(String sessionId, String text, RunLauncher launcher) throws SessionBusyException {
        ActiveRun run = launcher.launch(sessionId, text, steering(sessionId));
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
                List<String> out = List.copyOf(st.steer);
                st.steer.clear();
                return out;
            }
        };
    }

    private synchronized void onRunEnded(String sessionId) {
        startNextIfIdle(sessionId);
    }

    private void startNextIfIdle(String sessionId) {
        State st = states.get(sessionId);
        if (st == null || chat.active(sessionId).isPresent()) {
            return;
        }
        if (!st.steer.isEmpty()) {
            // the answer ended before it could take these: they run next, as one message
            st.queue.addFirst(new Pending(String.join("\n\n", st.steer), st.steerLauncher, false));
            st.steer.clear();
        }
        Pending next = st.queue.pollFirst();
        if (next == null) {
            states.remove(sessionId);
            return;
        }
        String text = next.text();
        RunLauncher launcher = next.launcher();
        if (next.combine()) {
            List<String> texts = new ArrayList<>(List.of(text));
            while (!st.queue.isEmpty() && st.queue.peekFirst().combine()) {
                Pending more = st.queue.pollFirst();
                texts.add(more.text());
                launcher = more.launcher();
            }
            text = String.join("\n\n", texts);
        }
        try {
            start(sessionId, text, launcher);
        } catch (SessionBusyException e) {
            st.queue.addFirst(new Pending(text, launcher, next.combine()));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(BusyGuard.class).warn("could not start the next message for session {}: {}",
                    sessionId, e.toString());
        }
    }
}
