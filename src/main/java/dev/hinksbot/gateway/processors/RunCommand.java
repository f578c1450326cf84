package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.channels.ChatRuns;
import dev.hinksbot.gateway.channels.CommandDispatcher;
import dev.hinksbot.gateway.channels.Replier;
import dev.hinksbot.gateway.channels.Roles;
import dev.hinksbot.gateway.channels.Welcome;
import dev.hinksbot.gateway.chat.InboundMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code runCommand}: runs a slash command ({@code /new}, {@code /stop} …) in the message's session and replies;
 * Telegram's {@code /start} is answered with a greeting.
 */
public final class RunCommand implements Processor {
    private final CommandDispatcher commands;
    private final ChatRuns runs;
    private final Roles roles;

    public RunCommand(CommandDispatcher commands, ChatRuns runs, Roles roles) {
        this.commands = commands;
        this.runs = runs;
        this.roles = roles;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = InboundBodies.message(exchange);
        Replier replier = runs.replier(m);
        if (Welcome.isStart(m)) {
            replier.send(Welcome.member());
            return;
        }
        CommandDispatcher.Reply reply = commands.dispatch(m.text().strip(), new CommandDispatcher.Context(m.platform(),
                exchange.getIn().getHeader(InboundHeaders.SESSION_KEY, String.class),
                exchange.getIn().getHeader(InboundHeaders.SESSION_ID, String.class),
                m, replier, runs.launcher(m), runs.platform(m).busyMode(), roles.callerOf(m)));
        replier.send(reply.text());
    }
}
