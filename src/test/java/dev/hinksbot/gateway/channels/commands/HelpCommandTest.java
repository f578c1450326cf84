package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.CommandDispatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelpCommandTest {
    /** The registry's commands; their names, roles and help need none of the services. */
    static List<ChatCommand> standard() {
        return ChatCommands.standard(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static HelpCommand help() {
        return (HelpCommand) standard().stream().filter(c -> c.name().equals("help")).findFirst().orElseThrow();
    }

    @Test
    void aUserSeesTheCommandsTheyMayUseWithTheRoleEachNeeds() {
        assertThat(help().text(Caller.Role.USER)).isEqualTo("""
            Commands (you are a user):
            /new (user) — start a fresh conversation (also /reset)
            /model (user) — [name] show or change this conversation's model (admins: <name> --global for the gateway default)
            /personality (user) — [name] show or set this conversation's personality (admins: <name> --global)
            /retry (user) — answer the last message again
            /undo (user) — remove the last exchange
            /status (user) — show this session's info
            /stop (user) — stop the running answer
            /compress (user) — summarize the conversation into a fresh session
            /title (user) — [name] show or set the session title
            /resume (user) — [name] continue one of your sessions
            /usage (user) — token usage of this session
            /insights (user) — [days] your usage insights (admins: the whole gateway's)
            /background (user) — <prompt> run a prompt in a separate background session
            /queue (user) — <prompt> queue a message after the running answer
            /approve (user) — [request id] run the command waiting for your approval
            /deny (user) — [request id] refuse the command waiting for your approval
            /cron (user) — [list | add <schedule> | <prompt> | pause|resume|run|rm|runs <id>] your scheduled jobs (admins: all jobs)
            /help (user) — show the commands you may use""");
    }

    @Test
    void anAdminSeesEveryCommand() {
        assertThat(help().text(Caller.Role.ADMIN)).isEqualTo("""
            Commands (you are an admin):
            /new (user) — start a fresh conversation (also /reset)
            /model (user) — [name] show or change this conversation's model (admins: <name> --global for the gateway default)
            /personality (user) — [name] show or set this conversation's personality (admins: <name> --global)
            /retry (user) — answer the last message again
            /undo (user) — remove the last exchange
            /status (user) — show this session's info
            /stop (user) — stop the running answer
            /sethome (admin) — make this chat the platform's home channel
            /compress (user) — summarize the conversation into a fresh session
            /title (user) — [name] show or set the session title
            /resume (user) — [name] continue one of your sessions
            /usage (user) — token usage of this session
            /insights (user) — [days] your usage insights (admins: the whole gateway's)
            /background (user) — <prompt> run a prompt in a separate background session
            /queue (user) — <prompt> queue a message after the running answer
            /approve (user) — [request id] run the command waiting for your approval
            /deny (user) — [request id] refuse the command waiting for your approval
            /cron (user) — [list | add <schedule> | <prompt> | pause|resume|run|rm|runs <id>] your scheduled jobs (admins: all jobs)
            /pair (admin) — get a one-time code that pairs a new user who sends it to me in a DM
            /pairing (admin) — list | approve <code> | revoke <platform:user> pairing requests and paired users
            /help (user) — show the commands you may use""");
    }

    @Test
    void helpAnswersForTheCallersRoleAndListsItselfLast() {
        HelpCommand help = help();
        assertThat(help.run(new CommandDispatcher.Context("websocket", null, "ws_1", null,
                text -> { }, null, "interrupt", Caller.WEB), "").text()).isEqualTo(help.text(Caller.Role.ADMIN));
        assertThat(help.all()).last().isSameAs(help);
        assertThat(standard()).extracting(ChatCommand::name).containsExactly("new", "model", "personality", "retry", "undo",
                "status", "stop", "sethome", "compress", "title", "resume", "usage", "insights", "background", "queue",
                "approve", "deny", "cron", "pair", "pairing", "help");
    }
}
