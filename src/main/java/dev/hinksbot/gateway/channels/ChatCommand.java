package dev.hinksbot.gateway.channels;

import java.util.List;

/**
 * One slash command: its names, the least role that may use it, its line in /help, and what it does. The
 * {@link CommandDispatcher} holds them in one list (see {@code channels.commands.ChatCommands}); /help, the role check
 * and dispatch all read that list.
 */
public interface ChatCommand {
    /** The name after the slash, lower case, then any other names it answers to (/new answers /reset too). */
    List<String> names();

    /** The least role that may use it; finer limits (an admin-only option) are the command's own and in its help. */
    Caller.Role role();

    /** Its line in /help, after the name and role. */
    String help();

    /** Runs the command; {@code args} is the text after the name, stripped (empty when there is none). */
    Answer run(CommandDispatcher.Context ctx, String args);

    default String name() {
        return names().get(0);
    }

    /** The text for the chat; {@code sessionId} is set when the command moved the chat to another session. */
    record Answer(String text, String sessionId) {
        public static Answer of(String text) {
            return new Answer(text, null);
        }
    }

    /** A command written as a lambda, for groups that provide several. */
    @FunctionalInterface
    interface Action {
        Answer run(CommandDispatcher.Context ctx, String args);
    }

    static ChatCommand of(List<String> names, Caller.Role role, String help, Action action) {
        return new Simple(List.copyOf(names), role, help, action);
    }

    static ChatCommand of(String name, Caller.Role role, String help, Action action) {
        return of(List.of(name), role, help, action);
    }

    /** The plain implementation behind {@link #of}. */
    record Simple(List<String> names, Caller.Role role, String help, Action action) implements ChatCommand {
        @Override
        public Answer run(CommandDispatcher.Context ctx, String args) {
            return action.run(ctx, args);
        }
    }
}
