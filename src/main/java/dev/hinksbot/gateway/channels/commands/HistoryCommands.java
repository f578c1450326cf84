package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChannelSessions;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import java.util.Optional;

/** The conversation so far: /undo and /compress. */
public final class HistoryCommands {
    /** Summarizes a conversation for /compress (a model call). */
    @FunctionalInterface
    public interface Summarizer {
        String summarize(String sessionId) throws Exception;
    }

    private final ChatService chat;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final ChannelSessions channelSessions;
    private final Summarizer summarizer;

    public HistoryCommands(ChatService chat, SessionRepository sessions, MessageRepository messages,
                           ChannelSessions channelSessions, Summarizer summarizer) {
        this.chat = chat;
        this.sessions = sessions;
        this.messages = messages;
        this.channelSessions = channelSessions;
        this.summarizer = summarizer;
    }

    ChatCommand undo() {
        return ChatCommand.of("undo", Caller.Role.USER, "remove the last exchange", (ctx, args) -> undo(ctx));
    }

    ChatCommand compress() {
        return ChatCommand.of("compress", Caller.Role.USER, "summarize the conversation into a fresh session",
                (ctx, args) -> compress(ctx));
    }

    private Answer undo(Context ctx) {
        if (chat.active(ctx.sessionId()).isPresent()) {
            return Answer.of("⏳ Still answering — /stop first.");
        }
        Optional<StoredMessage> last = messages.deleteLastExchange(ctx.sessionId());
        return Answer.of(last.isEmpty() ? "Nothing to undo." : "↩️ Removed the last exchange (\"" + Previews.of(last.get().content()) + "\").");
    }

    /** The summary starts a new session (the old one stays, resumable), the chat moved to it. */
    private Answer compress(Context ctx) {
        if (chat.active(ctx.sessionId()).isPresent()) {
            return Answer.of("⏳ Still answering — wait for it to finish or /stop first.");
        }
        if (messages.all(ctx.sessionId()).isEmpty()) {
            return Answer.of("Nothing to compress yet.");
        }
        String summary;
        try {
            summary = summarizer.summarize(ctx.sessionId());
        } catch (Exception e) {
            return Answer.of("⚠️ Could not compress: " + e.getMessage());
        }
        String id = ctx.isWebSocket() ? sessions.create(null, null, null, null).id()
                : channelSessions.reset(ctx.sessionKey(), ctx.platform(), ctx.caller().owner());
        chat.openSession(id);
        messages.append(new StoredMessage(null, id, null, "user", "Summary of our earlier conversation:\n" + summary,
                null, null, null, null, "complete", null, null, null, null, null));
        messages.append(new StoredMessage(null, id, null, "assistant", "Got it — I have the summary and will continue from there.",
                null, null, null, null, "complete", null, null, null, null, null));
        return new Answer("🗜️ Compressed the conversation into a new session" + (ctx.isWebSocket()
                ? " " + id + ": connect to /ws/chat/" + id + "." : ".") + "\n\n" + summary, id);
    }
}
