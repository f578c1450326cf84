package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.channels.ChannelSessions;
import dev.hinksbot.gateway.channels.ChatRuns;
import dev.hinksbot.gateway.channels.CommandDispatcher;
import dev.hinksbot.gateway.chat.InboundMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code resolveSession}: finds the message's session by its key and the platform's reset policy (telling the
 * chat when the policy started a fresh one) and sets {@link InboundHeaders#SESSION_KEY}, {@link InboundHeaders#SESSION_ID}
 * and, for a slash command, {@link InboundHeaders#COMMAND}. A group message not meant for the bot, or one without
 * text, stops here.
 */
public final class ResolveSession implements Processor {
    private final ChannelSessions sessions;
    private final ChatRuns runs;

    public ResolveSession(ChannelSessions sessions, ChatRuns runs) {
        this.sessions = sessions;
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = InboundBodies.message(exchange);
        String text = m.text().strip();
        if ((!m.isDirect() && !m.addressed()) || text.isEmpty()) {
            exchange.setRouteStop(true);
            return;
        }
        ChannelSessions.Resolved session = sessions.resolve(m);
        sessions.touch(session.sessionKey());
        if (session.wasReset()) {
            runs.replier(m).send("🔄 Session automatically reset: this is a fresh conversation.");
        }
        exchange.getIn().setHeader(InboundHeaders.SESSION_KEY, session.sessionKey());
        exchange.getIn().setHeader(InboundHeaders.SESSION_ID, session.sessionId());
        CommandDispatcher.commandName(text).ifPresentOrElse(
                name -> exchange.getIn().setHeader(InboundHeaders.COMMAND, name),
                () -> exchange.getIn().removeHeader(InboundHeaders.COMMAND));
    }
}
