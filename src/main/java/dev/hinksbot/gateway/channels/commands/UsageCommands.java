package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.Stats;
import dev.hinksbot.gateway.store.StatsRepository;
import dev.hinksbot.gateway.store.StoredMessage;

/** Counting: /usage (this session's tokens) and /insights (a user's own sessions, or for admins the gateway). */
public final class UsageCommands {
    private final MessageRepository messages;
    private final StatsRepository stats;

    public UsageCommands(MessageRepository messages, StatsRepository stats) {
        this.messages = messages;
        this.stats = stats;
    }

    ChatCommand usage() {
        return ChatCommand.of("usage", Caller.Role.USER, "token usage of this session", (ctx, args) -> usage(ctx));
    }

    ChatCommand insights() {
        return ChatCommand.of("insights", Caller.Role.USER, "[days] your usage insights (admins: the whole gateway's)",
                this::insights);
    }

    private Answer usage(Context ctx) {
        long prompt = 0;
        long completion = 0;
        int count = 0;
        for (StoredMessage m : messages.all(ctx.sessionId())) {
            count++;
            prompt += m.promptTokens() == null ? 0 : m.promptTokens();
            completion += m.completionTokens() == null ? 0 : m.completionTokens();
        }
        return Answer.of("Messages: " + count + "\nPrompt tokens: " + prompt + "\nCompletion tokens: " + completion
                + "\nTotal tokens: " + (prompt + completion));
    }

    /** A user's insights cover their own sessions; an admin's the whole gateway. */
    private Answer insights(Context ctx, String arg) {
        int days;
        try {
            days = arg.isEmpty() ? 7 : Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            return Answer.of("Usage: /insights [days], e.g. /insights 30");
        }
        days = Math.max(1, Math.min(days, 365));
        if (!ctx.caller().isAdmin()) {
            StatsRepository.ScopedStats own = stats.stats(days, ctx.caller().sessions());
            return Answer.of("Your last " + own.days() + " day(s): " + own.sessions() + " sessions, " + own.messages()
                    + " messages, " + own.toolCalls() + " tool calls, " + own.tokens() + " tokens.\nAll time: "
                    + own.allSessions() + " sessions, " + own.allMessages() + " messages.");
        }
        Stats s = stats.stats(days);
        long sessionsN = s.daily().stream().mapToLong(Stats.DayCount::sessions).sum();
        long messagesN = s.daily().stream().mapToLong(Stats.DayCount::messages).sum();
        long tools = s.daily().stream().mapToLong(Stats.DayCount::toolCalls).sum();
        long tokens = s.daily().stream().mapToLong(Stats.DayCount::tokens).sum();
        StringBuilder b = new StringBuilder("Gateway, last " + days + " day(s): " + sessionsN + " sessions, " + messagesN
                + " messages, " + tools + " tool calls, " + tokens + " tokens.");
        if (!s.topTools().isEmpty()) {
            b.append("\nTop tools: ");
            b.append(String.join(", ", s.topTools().stream().limit(5).map(t -> t.name() + " (" + t.count() + ")").toList()));
        }
        b.append("\nAll time: ").append(s.sessions()).append(" sessions, ").append(s.messages()).append(" messages.");
        return Answer.of(b.toString());
    }
}
