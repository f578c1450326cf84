package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slash commands, in one place for every channel (Telegram, Slack, e-mail and the WebSocket): finds the
 * {@link ChatCommand} a text names, refuses it to a caller below its role, and runs it. Each returns a short answer
 * for the chat; some start work whose result arrives later through the context's {@link Replier}.
 */
public final class CommandDispatcher {
    private static final Pattern COMMAND = Pattern.compile("^/([A-Za-z][A-Za-z_-]*)(?:@\\S+)?(?:\\s+([\\s\\S]*))?$");

    /**
     * Where a command was sent from and by whom. {@code sessionKey} and {@code origin} are null on the WebSocket,
     * whose caller is {@link Caller#WEB}.
     */
    public record Context(String platform, String sessionKey, String sessionId, InboundMessage origin, Replier replier,
                          RunLauncher launcher, String busyMode, Caller caller) {
        public boolean isWebSocket() {
            return sessionKey == null;
        }
    }

    /** The answer to a command; {@code sessionId} is set when the command moved the chat to another session. */
    public record Reply(String command, String text, String sessionId) {
    }

    private final List<ChatCommand> commands;
    private final Map<String, ChatCommand> byName;
    private final Hooks hooks;

    /** {@code commands} in /help order; a name used twice is a wiring mistake and refused here. */
    public CommandDispatcher(List<ChatCommand> commands, Hooks hooks) {
        this.commands = List.copyOf(commands);
        this.hooks = hooks;
        Map<String, ChatCommand> m = new LinkedHashMap<>();
        for (ChatCommand c : this.commands) {
            for (String name : c.names()) {
                if (m.putIfAbsent(name, c) != null) {
                    throw new IllegalArgumentException("two commands are named /" + name);
                }
            }
        }
        this.byName = Map.copyOf(m);
    }

    /** The command name of a text like "/new" or "/model@MyBot qwen", lower case; empty if it is not a command. */
    public static Optional<String> commandName(String text) {
        Matcher m = COMMAND.matcher(text == null ? "" : text.strip());
        return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Every command, in /help order. */
    public List<ChatCommand> commands() {
        return commands;
    }

    public Reply dispatch(String text, Context ctx) {
        Matcher m = COMMAND.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a command: " + text);
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String arg = m.group(2) == null ? "" : m.group(2).strip();
        hooks.publish("command:" + name, Map.of("platform", ctx.platform(), "session_id", ctx.sessionId(), "args", arg));
        ChatCommand command = byName.get(name);
        if (command == null) {
            return new Reply(name, "Unknown command /" + name + ". Try /help for the list of commands.", null);
        }
        if (command.role() == Caller.Role.ADMIN && !ctx.caller().isAdmin()) {
            return new Reply(name, "⛔ /" + name + " is for admins only.", null);
        }
        ChatCommand.Answer answer = command.run(ctx, arg);
        return new Reply(name, answer.text(), answer.sessionId());
    }
}
