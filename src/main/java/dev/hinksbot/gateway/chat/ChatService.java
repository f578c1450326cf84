package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.AgentLoop;
import dev.hinksbot.gateway.agent.AgentRun;
import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ClientToolBridge;
import dev.hinksbot.gateway.agent.ModelParams;
import dev.hinksbot.gateway.agent.TokenCounter;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.RunRepository;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StoreStep;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import dev.hinksbot.gateway.tools.ToolSpec;
import dev.hinksbot.gateway.tools.ToolRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
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
    /** How often streamed text is written to the store: a kill -9 loses at most this much of an answer. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    /** Settings of sessions that have none of their own (see {@link DefaultSettings}). */
    public record Defaults(String model, String systemPrompt, int maxTurns, List<String> toolGroups) {
    }

    private final Supplier<Defaults> defaults;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final ToolRegistry registry;
    private final AgentLoop loop;
    private final ExecutorService runs;
    private final RunRepository runRecords;
    private final StreamCheckpoints checkpoints;
    private final RunRecorder recorder;
    /** Set by {@link #close}: runs cancelled from now on were interrupted by the stop, not stopped by a user. */
    private volatile boolean stopping;
    /** Runs a person watches (WebSocket, chat platforms) can ask for approvals; the others cannot. */
    private final ApprovalGate attended;
    private final ApprovalGate unattended;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    /** Observers of every run's events (hooks, metrics); called after the recorder, before the surface. */
    private final List<AgentEventListener> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Observers that also need to know which surface a run came through (metrics). */
    private final List<RunObserver> runObservers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ChatService(Supplier<Defaults> defaults, SessionRepository sessions, MessageRepository messages,
                       ToolExecutionRepository executions, RunRepository runRecords, ToolRegistry registry, AgentLoop loop,
                       ExecutorService runs, ApprovalGate attended, ApprovalGate unattended) {
        this.defaults = defaults;
        this.sessions = sessions;
        this.messages = messages;
        this.registry = registry;
        this.loop = loop;
        this.runs = runs;
        this.runRecords = runRecords;
        this.checkpoints = new StreamCheckpoints(messages, CHECKPOINT_INTERVAL);
        this.recorder = new RunRecorder(messages, executions, runRecords, checkpoints, () -> stopping);
        this.attended = attended;
        this.unattended = unattended;
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
     * One run's choices; null fields fall back to the session's settings, then the configured defaults.
     * {@code systemPrompt} replaces the session's prompt (an agent profile, with a caller's own system text on top).
     */
    public record RunOptions(String model, String systemPrompt, List<String> toolGroups, Integer maxTurns,
                             List<ToolSpec> clientTools, ClientToolBridge bridge, Integer maxAnswerTokens, ModelParams params) {
        public RunOptions {
            toolGroups = toolGroups == null ? null : List.copyOf(toolGroups);
            clientTools = clientTools == null ? List.of() : List.copyOf(clientTools);
            params = params == null ? ModelParams.NONE : params;
        }

        public RunOptions(String model, String systemPrompt, List<String> toolGroups, Integer maxTurns,
                          List<ToolSpec> clientTools, ClientToolBridge bridge, Integer maxAnswerTokens) {
            this(model, systemPrompt, toolGroups, maxTurns, clientTools, bridge, maxAnswerTokens, ModelParams.NONE);
        }
    }

    /**
     * Stores the user's message (for a retry: deletes the last answer and reuses the last user message) and starts a
     * run (the WebSocket path). The message is durable before this returns, whatever happens to the run. Events go
     * to the recorder first (persisted), then to {@code surface}.
     */
    public ActiveRun start(ChatInput input, AgentEventListener surface, ClientToolBridge bridge) throws SessionBusyException {
        RunOptions options = new RunOptions(null, null, input.toolOptions(), null, input.clientTools(), bridge, null);
        if (!input.isRetry()) {
            return begin(input.sessionId(), appending(List.of(userMessage(input)), input.alongside()), options,
                    input.steering(), attended, surface, input.origin());
        }
        return begin(input.sessionId(), (session, runId) -> {
            StoredMessage user = lastUserMessage(session.id());
            int replaced = messages.deleteAfter(session.id(), user.id());
            LOG.info("retry session={} run={} message={} replaced_messages={}", session.id(), runId, user.id(), replaced);
            return user.id();
        }, options, input.steering(), attended, surface, input.origin());
    }

    /** The user's message, with its images as {@code image_url} parts when it brought any. */
    private static ChatMessage userMessage(ChatInput input) {
        if (input.images().isEmpty()) {
            return ChatMessage.user(input.content());
        }
        com.fasterxml.jackson.databind.node.ArrayNode parts = dev.hinksbot.gateway.common.Json.MAPPER.createArrayNode();
        parts.addObject().put("type", "text").put("text", input.content());
        input.images().forEach(url -> parts.addObject().put("type", "image_url").putObject("image_url").put("url", url));
        return ChatMessage.user(input.content(), parts);
    }

    /**
     * Appends {@code newMessages} (user messages, or results of tools the caller ran) to the stored session and
     * starts a run over the whole stored conversation. Everything is durable before this returns.
     */
    public ActiveRun continueSession(String sessionId, List<ChatMessage> newMessages, RunOptions options,
                                     AgentEventListener surface) throws SessionBusyException {
        return begin(sessionId, appending(newMessages, StoreStep.NONE), options, ChatInput.Steering.NONE, unattended, surface, null);
    }

    /** {@code alongside} commits with the first stored message (see {@link ChatInput#alongside()}). */
    private InputWriter appending(List<ChatMessage> newMessages, StoreStep alongside) {
        InputWriter writer = (session, runId) -> {
            String userMessageId = null;
            int chars = 0;
            StoreStep pending = alongside;
            for (ChatMessage m : newMessages) {
                // An assistant message a client replays keeps its tool calls, or its tool results would be orphans.
                StoredMessage stored = messages.append(new StoredMessage(null, session.id(), runId, m.role(), m.content(), null,
                        HistoryMapper.toolCallsJson(m.toolCalls()), m.toolCallId(), m.name(), "complete",
                        TokenCounter.ESTIMATE.count(m), null, null, null, null), pending);
                pending = StoreStep.NONE;
                if ("user".equals(m.role())) {
                    userMessageId = stored.id();
                    sessions.titleIfUntitled(session.id(), SessionTitles.fromFirstMessage(m.content()));
                }
                chars += m.content() == null ? 0 : m.content().length();
            }
            LOG.info("inbound session={} run={} message={} chars={}", session.id(), runId, userMessageId, chars);
            return userMessageId;
        };
        return new InputWriter() {
            @Override
            public String write(Session session, String runId) {
                return writer.write(session, runId);
            }

            @Override
            public List<ChatMessage> asSent(List<ChatMessage> stored) {
                return HistoryMapper.withImages(stored, newMessages);
            }
        };
    }

    /** Stores the run's input in the session; returns the id of the user message the run answers (or null). */
    @FunctionalInterface
    private interface InputWriter {
        String write(Session session, String runId);

        /** The stored conversation as this run sends it: the store keeps text, so images of this input are put back. */
        default List<ChatMessage> asSent(List<ChatMessage> stored) {
            return stored;
        }
    }

    private ActiveRun begin(String sessionId, InputWriter input, RunOptions options, ChatInput.Steering steering,
                            ApprovalGate approvals, AgentEventListener surface, String origin)
            throws SessionBusyException {
        Session session = openSession(sessionId);
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
            // The run is recorded with its input, so a restart knows it was in flight (see RunRecovery).
            String userMessageId = runRecords.start(runId, session.id(), origin, () -> input.write(session, runId));
            run = new ActiveRun(runId, session.id(), userMessageId, cancel, done);
            active.put(session.id(), run);
            AgentRun agentRun = agentRun(runId, session.id(), userMessageId, session, input.asSent(HistoryMapper.toChat(messages.all(session.id()))),
                    options, cancel, steering(steering, session.id(), runId), approvals);
            ActiveRun started = run;
            runs.execute(() -> execute(agentRun, recorder, surface, started));
            return run;
        } catch (RuntimeException e) {
            active.remove(session.id(), run);
            done.complete(null);
            throw e;
        }
    }

    private StoredMessage lastUserMessage(String sessionId) {
        List<StoredMessage> all = messages.all(sessionId);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (StoredMessage.USER.equals(all.get(i).role())) {
                return all.get(i);
            }
        }
        throw new NothingToRetryException(sessionId);
    }

    /**
     * Runs over a conversation the caller holds (OpenAI's stateless chat completions): nothing is stored, and the
     * run's events carry no session id.
     */
    public ActiveRun runStateless(List<ChatMessage> conversation, RunOptions options, AgentEventListener surface) {
        String runId = Ids.next("run");
        ActiveRun run = new ActiveRun(runId, null, null, new CancelSignal(), new CompletableFuture<>());
        active.put(runId, run);
        try {
            LOG.info("inbound stateless run={} messages={}", runId, conversation.size());
            AgentRun agentRun = agentRun(runId, null, null, null, conversation, options, run.cancel(), AgentRun.Steering.NONE,
                    unattended);
            runs.execute(() -> execute(agentRun, event -> { }, surface, run));
            return run;
        } catch (RuntimeException e) {
            active.remove(runId, run);
            run.done().complete(null);
            throw e;
        }
    }

    private AgentRun agentRun(String runId, String sessionId, String userMessageId, Session session, List<ChatMessage> history,
                              RunOptions options, CancelSignal cancel, AgentRun.Steering steering, ApprovalGate approvals) {
        Defaults defaults = this.defaults.get();
        String model = firstNonBlank(options.model(), session == null ? null : session.model(), defaults.model());
        String systemPrompt = options.systemPrompt() != null ? options.systemPrompt()
                : session != null && session.systemPrompt() != null ? session.systemPrompt() : defaults.systemPrompt();
        List<String> selectors = options.toolGroups() != null ? options.toolGroups()
                : session != null && session.toolOptions() != null ? session.toolOptions() : defaults.toolGroups();
        int maxTurns = options.maxTurns() != null ? options.maxTurns()
                : session != null && session.maxTurns() != null ? session.maxTurns() : defaults.maxTurns();
        return new AgentRun(runId, sessionId, userMessageId, model, systemPrompt, history, registry.select(normalize(selectors)),
                options.clientTools(), options.bridge(), maxTurns, cancel, options.maxAnswerTokens(), steering, approvals,
                options.params());
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** {@code store} sees each event before the surface; if the store fails the run stops (the surface need not). */
    private void execute(AgentRun agentRun, AgentEventListener store, AgentEventListener surface, ActiveRun run) {
        try {
            String surfaceName = surface.surface();
            loop.run(agentRun, event -> {
                store.on(event);
                observers.forEach(o -> deliver(o, event));
                runObservers.forEach(o -> observeQuietly(o, event, surfaceName));
                deliver(surface, event);
            });
        } catch (RuntimeException e) {
            // The store failing mid-run is the one thing the loop cannot report itself.
            LOG.error("run {} session={} aborted: {}", run.runId(), run.sessionId(), e.toString());
            deliver(surface, new AgentEvent.RunFailed(run.runId(), run.sessionId(), null, "internal_error",
                    "the gateway failed while recording the answer", 0, dev.hinksbot.gateway.agent.Usage.NONE, 0));
        } finally {
            if (run.sessionId() != null) {
                checkpoints.forgetRun(run.runId()); // only an aborted run leaves drafts; the next start closes its answer
            }
            active.remove(run.sessionId() != null ? run.sessionId() : run.runId(), run);
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

    /** The stored conversation of a session as the model would see it (empty for an unknown session). */
    public List<ChatMessage> history(String sessionId) {
        return HistoryMapper.toChat(messages.all(sessionId));
    }

    /** Every run's events also go to {@code observer} (on the run's thread; it must not block). */
    public void observe(AgentEventListener observer) {
        observers.add(observer);
    }

    /** Sees every run's events with the name of the surface the run came through. */
    @FunctionalInterface
    public interface RunObserver {
        void on(AgentEvent event, String surface);
    }

    /** As {@link #observe(AgentEventListener)}, with the run's surface (see {@link AgentEventListener#surface()}). */
    public void observeRuns(RunObserver observer) {
        runObservers.add(observer);
    }

    private static void observeQuietly(RunObserver observer, AgentEvent event, String surface) {
        try {
            observer.on(event, surface);
        } catch (RuntimeException e) {
            LOG.debug("run observer could not take {}: {}", event.type(), e.toString());
        }
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

    /** Runs in flight, stored sessions and stateless runs alike. */
    public int activeRuns() {
        return active.size();
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

    /**
     * Cancels every run and waits briefly so partial answers are recorded, as {@code interrupted}, before the store
     * closes. A run that does not end in time keeps its last checkpoint and is closed at the next start.
     */
    @Override
    public void close() {
        stopping = true;
        List<ActiveRun> running = List.copyOf(active.values());
        running.forEach(r -> r.cancel().cancel());
        for (ActiveRun r : running) {
            try {
                r.done().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down: the partial answer may be lost only if the run is stuck in a tool that ignores cancel
            }
        }
        try {
            checkpoints.flush(); // the text of runs that did not end in time
        } catch (RuntimeException e) {
            LOG.warn("last stream checkpoint failed: {}", e.toString());
        }
        checkpoints.close();
    }
}
