package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /help}: the commands the caller may use, each with the role it needs, itself last. */
public final class HelpCommand implements ChatCommand {
    private final List<ChatCommand> listed;

    /** {@code others}: every other command, in the order /help lists them. */
    public HelpCommand(List<ChatCommand> others) {
        List<ChatCommand> all = new ArrayList<>(others);
        all.add(this);
        this.listed = List.copyOf(all);
    }

    @Override
    public List<String> names() {
        return List.of("help");
    }

    @Override
    public Caller.Role role() {
        return Caller.Role.USER;
    }

    @Override
    public String help() {
        return "show the commands you may use";
    }

    @Override
    public Answer run(Context ctx, String args) {
        return Answer.of(text(ctx.caller().role()));
    }

    /** Every command, this one last: the registry's one list. */
    public List<ChatCommand> all() {
        return listed;
    }

    /** The commands {@code role} may use; a user's list leaves out the admin ones. */
    public String text(Caller.Role role) {
        StringBuilder b = new StringBuilder("Commands (you are " + (role == Caller.Role.ADMIN ? "an admin" : "a user") + "):\n");
        for (ChatCommand c : listed) {
            if (c.role() == Caller.Role.USER || role == Caller.Role.ADMIN) {
                b.append('/').append(c.name()).append(" (").append(c.role().label()).append(") — ").append(c.help()).append('\n');
            }
        }
        return b.toString().strip();
    }
}
