package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.agent.AgentLoop;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.agent.ContextWindow;
import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.PromptCounter;
import dev.hinksbot.gateway.agent.TokenCounter;
import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChannelSessions;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.CommandDispatcher;
import dev.hinksbot.gateway.channels.PlatformRenderer;
import dev.hinksbot.gateway.channels.RunLauncher;
import dev.hinksbot.gateway.channels.TypingIndicator;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.chat.PendingApprovals;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.RunRepository;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.SettingsRepository;
import dev.hinksbot.gateway.store.StatsRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import dev.hinksbot.gateway.store.WaitingMessageRepository;
import dev.hinksbot.gateway.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The services the command groups use, real and on a temporary SQLite file: the chat service runs against a scripted
 * llama-server (the fakes package), so a command that starts an answer starts a real run. Also a Telegram DM chat
 * and the WebSocket as places to send commands from, each remembering what was sent back to it.
 */
final class CommandFixture implements AutoCloseable {
    final Database db;
    final SessionRepository sessions;
    final MessageRepository messages;
    final StatsRepository stats;
    final ChannelSessionRepository channelRepo;
    final DefaultSettings defaults;
    final ScriptedLlamaServer llama = ScriptedLlamaServer.start();
    private final LlamaClient client;
    private final ExecutorService runThreads = Executors.newCachedThreadPool();
    final ChatService chat;
    final ChannelSessions channelSessions;
    final BusyGuard guard;
    final PendingApprovals approvals = new PendingApprovals(Duration.ofMinutes(5));
    final List<String> hooks = new CopyOnWriteArrayList<>();
    final AgentProfiles profiles;

    CommandFixture(Path dir) {
        db = Database.open(dir.resolve("commands.db"));
        sessions = new SessionRepository(db);
        messages = new MessageRepository(db);
        stats = new StatsRepository(db);
        channelRepo = new ChannelSessionRepository(db);
        defaults = new DefaultSettings(new ChatService.Defaults(null, "You are a test bot.", 5, List.of()),
                new SettingsRepository(db));
        client = new LlamaClient(new LlamaClient.Settings(llama.baseUrl(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(10)));
        AgentLoop loop = new AgentLoop(client, new ContextWindow(TokenCounter.ESTIMATE, PromptCounter.NONE, () -> 0, 1024),
                Duration.ofSeconds(5));
        chat = new ChatService(defaults, sessions, messages, new ToolExecutionRepository(db), new RunRepository(db),
                new ToolRegistry(), loop, runThreads, ApprovalGate.ALLOW_ALL, ApprovalGate.ALLOW_ALL);
        channelSessions = new ChannelSessions(channelRepo, chat, Map.of(), true, (event, data) -> hooks.add(event),
                Clock.systemUTC());
        guard = new BusyGuard(chat, 2, new WaitingMessageRepository(db));
        guard.restore(origin -> null); // nothing waited before: new messages need not wait for a restore
        profiles = new AgentProfiles(dir.resolve("agent"), () -> new AgentProfile(AgentProfiles.DEFAULT, "default",
                "You are a test bot.", null, List.of(), 5));
    }

    /** A Telegram DM from user 111, its session resolved as the inbound route does. */
    Chat telegram(Caller.Role role) {
        InboundMessage m = new InboundMessage("telegram", "dm", "111", null, "111", "ann", "hi", "1", true,
                Instant.now(), Map.of());
        ChannelSessions.Resolved s = channelSessions.resolve(m);
        return new Chat(m, s.sessionKey(), s.sessionId(), Caller.of(m, role));
    }

    /** The WebSocket on session {@code sessionId}, whose caller is the web UI's admin. */
    Chat websocket(String sessionId) {
        chat.openSession(sessionId);
        return new Chat(null, null, sessionId, Caller.WEB);
    }

    /** Stores a finished exchange in {@code sessionId}, as an answered message leaves it. */
    void exchange(String sessionId, String question, String answer) {
        messages.append(new StoredMessage(null, sessionId, null, "user", question, null, null, null, null, "complete",
                null, 10, null, null, null));
        messages.append(new StoredMessage(null, sessionId, null, "assistant", answer, null, null, null, null, "complete",
                null, 10, 5, null, null));
    }

    /** A place commands are sent from; {@code sent} holds what reached it later (run answers, notices). */
    final class Chat {
        final InboundMessage origin;
        final String sessionKey;
        final String sessionId;
        final Caller caller;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> launched = new ArrayList<>();

        Chat(InboundMessage origin, String sessionKey, String sessionId, Caller caller) {
            this.origin = origin;
            this.sessionKey = sessionKey;
            this.sessionId = sessionId;
            this.caller = caller;
        }

        /** Starts a real run and remembers the text it was started for. */
        private RunLauncher launcher() {
            return (id, text, steering, alongside) -> {
                synchronized (launched) {
                    launched.add(text);
                }
                return chat.start(new ChatInput(id, text, null, null, steering, null, alongside),
                        new PlatformRenderer(origin, sent::add, "off", TypingIndicator.NONE, false), null);
            };
        }

        CommandDispatcher.Context context() {
            return new CommandDispatcher.Context(origin == null ? "websocket" : origin.platform(), sessionKey, sessionId,
                    origin, sent::add, launcher(), "interrupt", caller);
        }

        ChatCommand.Answer run(ChatCommand command, String args) {
            return command.run(context(), args);
        }

        List<String> launched() {
            synchronized (launched) {
                return List.copyOf(launched);
            }
        }
    }

    @Override
    public void close() {
        guard.close();
        chat.close();
        runThreads.shutdownNow();
        client.close();
        llama.close();
        db.close();
    }
}
