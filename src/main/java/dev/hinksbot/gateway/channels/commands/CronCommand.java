package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import java.util.List;

/** {@code /cron}: the caller's scheduled jobs (an admin's: all), answered by the cron package's chat handler. */
public final class CronCommand implements ChatCommand {
    /** What {@code cron.CronChatCommand#handle} does: a job created here delivers to {@code origin}. */
    @FunctionalInterface
    public interface Handler {
        /** {@code chatOwner}: the owner of the chat's sessions, whose jobs made by the model the caller sees too. */
        String handle(String args, String origin, String createdBy, String chatOwner, boolean admin);
    }

    private final Handler cron;

    public CronCommand(Handler cron) {
        this.cron = cron;
    }

    @Override
    public List<String> names() {
        return List.of("cron");
    }

    @Override
    public Caller.Role role() {
        return Caller.Role.USER;
    }

    @Override
    public String help() {
        return "[list | add <schedule> | <prompt> | pause|resume|run|rm|runs <id>] your scheduled jobs (admins: all jobs)";
    }

    @Override
    public Answer run(Context ctx, String args) {
        return Answer.of(cron.handle(args, ctx.origin() == null ? null : ctx.origin().originTarget(),
                ctx.caller().userKey(), ctx.caller().owner(), ctx.caller().isAdmin()));
    }
}
