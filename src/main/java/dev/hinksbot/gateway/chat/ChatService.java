package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.AgentLoop;
import dev.hinksbot.gateway.agent.AgentRun;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ClientToolBridge;
import dev.hinksbot.gateway.agent.TokenCounter;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core path every surface shares: make sure the session exists, store the user's message, build the
 * conversation from the store, pick the tools, and run the agent on a worker thread — one run per session.
 */
public final class ChatService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.inbound");
    /** Session ids are chosen by clients (the WebSocket path); keep them to safe, printable characters. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /** Run-wide settings that come from configuration. */
    public record Defaults(String model, String systemPrompt, int maxTurns, List<String> toolGroups) {
    }

    private final Defaults defaults;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final ToolRegistry registry;
    private final AgentLoop loop;
    private final ExecutorService runs;
    private final RunRecorder recorder;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    /** Observers of every run's events (hooks, metrics); called after the recorder, before the surface. */
    private final List<AgentEventListener> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ChatService(Defaults defaults, SessionRepository sessions, MessageRepository messages,
                       ToolExecutionRepository executions, ToolRegistry registry, AgentLoop loop, ExecutorService runs) {
        this.defaults = defaults;
        this.sessions = sessions;
        this.messages = messages;
        this.registry = registry;
        this.loop = loop;
        this.runs = runs;
        this.recorder = new RunRecorder(messages, executions);
    }

    public static boolean isValidSessionId(String id) {
        return id != null && SESSION_ID.matcher(id).matches();
    }

    /** The session with this id, created on first use (the WebSocket creates sessions by connecting). */
    public Session openSession(String sessionId) {
        if (!isValidSessionId(sessionId)) {
            throw new IllegalArgumentException("session id must be 1-128 characters of letters, digits, '_', '-', '.', ':'");
        }
        return sessions.find(sessionId).orElseGet(() -> sessions.findOrCreate(sessionId));
    }

    /**
     * Stores the user's message and starts a run. The message is durable before this returns, whatever
     * happens to the run. Events go to the recorder first (persisted), then to {@code surface}.
     */
    public ActiveRun start(ChatInput input, AgentEventListener surface, ClientToolBridge bridge) throws SessionBusyException {
        Session session = openSession(input.sessionId());
        String runId = Ids.next("run");
        CancelSignal cancel = new CancelSignal();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Claim the session first, so two messages racing for it cannot both start a run.
        ActiveRun claim = new ActiveRun(runId, session.id(), null, cancel, done);
        ActiveRun existing = active.putIfAbsent(session.id(), claim);
        if (existing != null) {
            throw new SessionBusyException(session.id(), existing.runId());
        }
        ActiveRun run = claim;
        try {
            StoredMessage user = messages.append(new StoredMessage(null, session.id(), runId, "user", input.content(), null, null,
                    null, null, "complete", TokenCounter.ESTIMATE.count(ChatMessage.user(input.content())), null, null, null, null));
            run = new ActiveRun(runId, session.id(), user.id(), cancel, done);
            active.put(session.id(), run);
            LOG.info("inbound session={} run={} message={} chars={}", session.id(), runId, user.id(), input.content().length());
            AgentRun agentRun = new AgentRun(runId, session.id(), user.id(), model(session), systemPrompt(session),
                    HistoryMapper.toChat(messages.all(session.id())), tools(input, session), input.clientTools(), bridge,
                    session.maxTurns() != null ? session.maxTurns() : defaults.maxTurns(), cancel,
                    steering(input.steering(), session.id(), runId));
            ActiveRun started = run;
            runs.execute(() -> execute(agentRun, surface, started));
            return run;
        } catch (RuntimeException e) {
            active.remove(session.id(), run);
            done.complete(null);
            throw e;
        }
    }

    private void execute(AgentRun agentRun, AgentEventListener surface, ActiveRun run) {
        try {
            loop.run(agentRun, event -> {
                recorder.on(event);
                observers.forEach(o -> deliver(o, event));
                deliver(surface, event);
            });
        } catch (RuntimeException e) {
            // The store failing mid-run is the one thing the loop cannot report itself.
            LOG.error("run {} session={} aborted: {}", run.runId(), run.sessionId(), e.toString());
            deliver(surface, new AgentEvent.RunFailed(run.runId(), run.sessionId(), null, "internal_error",
                    "the gateway failed while recording the answer", 0, dev.hinksbot.gateway.agent.Usage.NONE, 0));
        } finally {
            active.remove(run.sessionId(), run);
            run.done().complete(null);
        }
    }

    private static void deliver(AgentEventListener surface, AgentEvent event) {
        try {
            surface.on(event);
        } catch (RuntimeException e) {
            // A client that went away must not stop the run: the answer is still recorded.
            LOG.debug("surface could not take {}: {}", event.type(), e.toString());
        }
    }

    /** Every run's events also go to {@code observer} (on the run's thread; it must not block). */
    public void observe(AgentEventListener observer) {
        observers.add(observer);
    }

    /** Steering texts are stored as user messages of the run when the loop takes them, then sent to the model. */
    private AgentRun.Steering steering(ChatInput.Steering source, String sessionId, String runId) {
        return () -> {
            List<ChatMessage> out = new ArrayList<>();
            for (String text : source.drain()) {
                messages.append(new StoredMessage(null, sessionId, runId, "user", text, null, null, null, null, "complete",
                        TokenCounter.ESTIMATE.count(ChatMessage.user(text)), null, null, null, null));
                out.add(ChatMessage.user(text));
            }
            return out;
        };
    }

    public Optional<ActiveRun> active(String sessionId) {
        return Optional.ofNullable(active.get(sessionId));
    }

    /** Cancels the session's run, if any. */
    public boolean cancel(String sessionId) {
        ActiveRun run = active.get(sessionId);
        if (run == null) {
            return false;
        }
        run.cancel().cancel();
        return true;
    }

    public int activeRuns() {
        return active.size();
    }

    private String model(Session session) {
        return session.model() != null && !session.model().isBlank() ? session.model() : defaults.model();
    }

    private String systemPrompt(Session session) {
        return session.systemPrompt() != null ? session.systemPrompt() : defaults.systemPrompt();
    }

    private List<Tool> tools(ChatInput input, Session session) {
        List<String> selectors = input.toolOptions() != null ? input.toolOptions()
                : session.toolOptions() != null ? session.toolOptions() : defaults.toolGroups();
        return registry.select(normalize(selectors));
    }

    /** Accepts the seed's `file_tools` spelling for the `file` group. */
    private List<String> normalize(Collection<String> selectors) {
        List<String> out = new ArrayList<>();
        for (String s : selectors) {
            boolean known = registry.groups().containsKey(s) || registry.find(s).isPresent() || "all".equals(s);
            out.add(!known && s.endsWith("_tools") ? s.substring(0, s.length() - "_tools".length()) : s);
        }
        return out;
    }

    /** Cancels every run and waits briefly so partial answers are recorded before the store closes. */
    @Override
    public void close() {
        List<ActiveRun> running = List.copyOf(active.values());
        running.forEach(r -> r.cancel().cancel());
        for (ActiveRun r : running) {
            try {
                r.done().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down: the partial answer may be lost only if the run is stuck in a tool that ignores cancel
            }
        }
    }
}
