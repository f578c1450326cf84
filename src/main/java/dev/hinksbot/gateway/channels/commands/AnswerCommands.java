package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.channels.PlatformRenderer;
import dev.hinksbot.gateway.channels.TypingIndicator;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.SessionPatch;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import java.security.SecureRandom;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Answers and the busy guard: /retry, /stop, /background and /queue. */
public final class AnswerCommands {
    private static final String STILL_ANSWERING = "⏳ Still answering — wait for it to finish or /stop first.";

    private final SecureRandom random = new SecureRandom();
    private final ChatService chat;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final BusyGuard guard;

    public AnswerCommands(ChatService chat, SessionRepository sessions, MessageRepository messages, BusyGuard guard) {
        this.chat = chat;
        this.sessions = sessions;
        this.messages = messages;
        this.guard = guard;
    }

    ChatCommand retry() {
        return ChatCommand.of("retry", Caller.Role.USER, "answer the last message again", (ctx, args) -> retry(ctx));
    }

    ChatCommand stop() {
        return ChatCommand.of("stop", Caller.Role.USER, "stop the running answer", (ctx, args) -> stop(ctx));
    }

    ChatCommand background() {
        return ChatCommand.of("background", Caller.Role.USER, "<prompt> run a prompt in a separate background session",
                this::background);
    }

    ChatCommand queue() {
        return ChatCommand.of("queue", Caller.Role.USER, "<prompt> queue a message after the running answer", this::queue);
    }

    private Answer retry(Context ctx) {
        if (chat.active(ctx.sessionId()).isPresent()) {
            return Answer.of(STILL_ANSWERING);
        }
        Optional<StoredMessage> last = messages.deleteLastExchange(ctx.sessionId());
        if (last.isEmpty()) {
            return Answer.of("There is no message to retry yet.");
        }
        try {
            guard.submit(ctx.sessionId(), last.get().content(), ctx.busyMode(), new BusyGuard.Sender(ctx.launcher(), ctx.origin()));
        } catch (SessionBusyException e) {
            return Answer.of(STILL_ANSWERING);
        }
        return Answer.of("🔁 Retrying your last message.");
    }

    private Answer stop(Context ctx) {
        int dropped = guard.clear(ctx.sessionId());
        boolean stopped = chat.cancel(ctx.sessionId());
        if (!stopped && dropped == 0) {
            return Answer.of("Nothing is running.");
        }
        return Answer.of("⏹ Stopped." + (dropped > 0 ? " Dropped " + dropped + " waiting message(s)." : ""));
    }

    /** Runs in a fresh session of the caller's, its result sent to the chat by the run's renderer. */
    private Answer background(Context ctx, String arg) {
        if (arg.isEmpty()) {
            return Answer.of("Usage: /background <prompt>");
        }
        String id = "bg_" + LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HHmmss")) + "_"
                + String.format("%06x", random.nextInt(0x1000000));
        chat.openSession(id);
        if (ctx.caller().owner() != null) {
            sessions.claim(id, ctx.caller().owner());
        }
        sessions.update(id, SessionPatch.title("Background: " + Previews.of(arg)));
        try {
            chat.start(new ChatInput(id, arg, null, null),
                    new PlatformRenderer(ctx.origin(), ctx.replier(), "off", TypingIndicator.NONE, true), null);
        } catch (SessionBusyException e) {
            return Answer.of("❌ Background task failed: its session is busy");
        }
        return Answer.of("🔄 Background task started: \"" + Previews.of(arg) + "\"\nTask ID: " + id);
    }

    private Answer queue(Context ctx, String arg) {
        if (arg.isEmpty()) {
            return Answer.of("Usage: /queue <message> — it runs after the current answer.");
        }
        BusyGuard.Result r = guard.enqueue(ctx.sessionId(), arg, new BusyGuard.Sender(ctx.launcher(), ctx.origin()));
        return switch (r.outcome()) {
            case QUEUE_FULL -> Answer.of("The queue is full (" + r.position() + " waiting). Try again later.");
            case STARTED -> Answer.of("▶️ Nothing was running: answering now.");
            default -> Answer.of("📥 Queued (position " + r.position() + ").");
        };
    }
}
