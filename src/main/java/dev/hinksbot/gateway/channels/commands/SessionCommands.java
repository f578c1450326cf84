package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChannelSessions;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.channels.Hooks;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionPatch;
import dev.hinksbot.gateway.store.SessionRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chat's session: /new (/reset), /status, /title and /resume. */
public final class SessionCommands {
    private final ChatService chat;
    private final SessionRepository sessions;
    private final ChannelSessions channelSessions;
    private final BusyGuard guard;
    private final DefaultSettings defaults;
    private final Hooks hooks;

    public SessionCommands(ChatService chat, SessionRepository sessions, ChannelSessions channelSessions, BusyGuard guard,
                           DefaultSettings defaults, Hooks hooks) {
        this.chat = chat;
        this.sessions = sessions;
        this.channelSessions = channelSessions;
        this.guard = guard;
        this.defaults = defaults;
        this.hooks = hooks;
    }

    ChatCommand fresh() {
        return ChatCommand.of(List.of("new", "reset"), Caller.Role.USER, "start a fresh conversation (also /reset)",
                (ctx, args) -> fresh(ctx));
    }

    ChatCommand status() {
        return ChatCommand.of("status", Caller.Role.USER, "show this session's info", (ctx, args) -> status(ctx));
    }

    ChatCommand title() {
        return ChatCommand.of("title", Caller.Role.USER, "[name] show or set the session title", this::title);
    }

    ChatCommand resume() {
        return ChatCommand.of("resume", Caller.Role.USER, "[name] continue one of your sessions", this::resume);
    }

    private Answer fresh(Context ctx) {
        chat.cancel(ctx.sessionId());
        guard.clear(ctx.sessionId());
        if (ctx.isWebSocket()) {
            String id = sessions.create(null, null, null, null).id();
            hooks.publish("session:reset", Map.of("platform", ctx.platform(), "session_id", id));
            return new Answer("✨ New session " + id + ": connect to /ws/chat/" + id + " to continue there.", id);
        }
        String id = channelSessions.reset(ctx.sessionKey(), ctx.platform(), ctx.caller().owner());
        return new Answer("✨ Started a new conversation.", id);
    }

    private Answer status(Context ctx) {
        Session s = chat.openSession(ctx.sessionId());
        Optional<ActiveRun> run = chat.active(ctx.sessionId());
        String gatewayDefault = defaults.get().model();
        String model = s.model() != null && !s.model().isBlank() ? s.model()
                : gatewayDefault == null || gatewayDefault.isBlank() ? "default" : gatewayDefault;
        return Answer.of("Session: " + s.id() + "\nTitle: " + s.title() + "\nModel: " + model
                + "\nMessages: " + s.messageCount()
                + "\nRunning: " + (run.isPresent() ? "yes (" + run.get().runId() + ")" : "no")
                + "\nWaiting: " + guard.waiting(ctx.sessionId())
                + "\nBusy mode: " + ctx.busyMode());
    }

    private Answer title(Context ctx, String arg) {
        Session s = chat.openSession(ctx.sessionId());
        if (arg.isEmpty()) {
            return Answer.of("Title: " + s.title());
        }
        sessions.update(ctx.sessionId(), SessionPatch.title(arg));
        return Answer.of("Title set to \"" + arg + "\".");
    }

    /** Lists and resumes only the caller's sessions (see {@link Caller#sessions()}). */
    private Answer resume(Context ctx, String arg) {
        if (arg.isEmpty()) {
            List<Session> mine = sessions.recent(ctx.caller().sessions(), 5);
            if (mine.isEmpty()) {
                return Answer.of("You have no sessions yet.");
            }
            StringBuilder b = new StringBuilder("Your recent sessions (use /resume <title>):");
            mine.forEach(s -> b.append("\n• ").append(s.title()).append(" (").append(s.id()).append(')'));
            return Answer.of(b.toString());
        }
        Optional<Session> found = sessions.findByTitleOrId(arg, ctx.caller().sessions());
        if (found.isEmpty()) {
            return Answer.of("You have no session titled \"" + arg + "\".");
        }
        String id = found.get().id();
        if (ctx.isWebSocket()) {
            return new Answer("Session \"" + found.get().title() + "\" is " + id + ": connect to /ws/chat/" + id + ".", id);
        }
        chat.cancel(ctx.sessionId());
        guard.clear(ctx.sessionId());
        channelSessions.bind(ctx.sessionKey(), ctx.platform(), id, ctx.caller().owner());
        return new Answer("▶️ Resumed \"" + found.get().title() + "\".", id);
    }
}
