package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.store.StoreStep;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core path every chat platform shares (bean {@code chatInbound}): authorize the sender (pairing codes for
 * unknown DMs, silence for unknown group members), find the session (key and reset policy), run slash commands,
 * pass other messages through the busy guard to the agent, and send every reply out through the delivery path.
 */
public final class ChannelCore implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.inbound");

    private final ChatService chat;
    private final Authorizer authorizer;
    private final PairingService pairing;
    private final ChannelSessions sessions;
    private final CommandDispatcher commands;
    private final BusyGuard guard;
    private final Outbound outbound;
    private final ChannelsConfig config;
    private final Map<String, TypingIndicator> typing;
    private final IntakeKeys intake;
    private final Roles roles;

    public ChannelCore(ChatService chat, Authorizer authorizer, PairingService pairing, ChannelSessions sessions,
                       CommandDispatcher commands, BusyGuard guard, Outbound outbound, ChannelsConfig config,
                       Map<String, TypingIndicator> typing, IntakeKeys intake, Roles roles) {
        this.roles = roles;
        this.chat = chat;
        this.authorizer = authorizer;
        this.pairing = pairing;
        this.sessions = sessions;
        this.commands = commands;
        this.guard = guard;
        this.outbound = outbound;
        this.config = config;
        this.typing = typing;
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = exchange.getIn().getBody(InboundMessage.class);
        if (m != null) {
            handle(m, intake.step(exchange.getIn().getHeader(IntakeKeys.HEADER, String.class)));
        }
    }

    /**
     * Starts runs that answer {@code m}'s chat: typing indicator, tool progress, the answer through delivery. The run
     * keeps {@code m} as its origin, where a restart notice goes if the gateway stops while it runs.
     */
    public RunLauncher launcher(InboundMessage m) {
        Replier replier = text -> outbound.deliver(text, "origin", m);
        String origin = m.toJson();
        return (sessionId, prompt, steering, alongside) -> chat.start(new ChatInput(sessionId, prompt, null, null, steering, origin, alongside),
                new PlatformRenderer(m, replier, config.platform(m.platform()).toolProgress(),
                        typing.getOrDefault(m.platform(), TypingIndicator.NONE), false), null);
    }

    public void handle(InboundMessage m) {
        handle(m, StoreStep.NONE);
    }

    /**
     * {@code intake} records the message's inbound key; it commits with whatever stores the message (its run's prompt
     * or its waiting row). Paths that store no message (commands, pairing, ignored senders) leave the key to the
     * route's idempotent consumer, which records it when the exchange completes.
     */
    public void handle(InboundMessage m, StoreStep intake) {
        Authorizer.Decision decision = authorizer.decide(m);
        LOG.info("inbound platform={} chat_type={} chat={} user={} message={} chars={} decision={}", m.platform(),
                m.chatType(), m.chatId(), m.userId(), m.messageId(), m.text().length(), decision);
        Replier replier = text -> outbound.deliver(text, "origin", m);
        if (decision == Authorizer.Decision.IGNORE) {
            return;
        }
        if (decision == Authorizer.Decision.PAIR) {
            Optional<String> redeemed = pairing.redeem(m.platform(), m.userId(), m.userName(), m.text());
            if (redeemed.isPresent()) {
                LOG.info("pairing platform={} user={} outcome={}", m.platform(), m.userId(),
                        redeemed.get().startsWith("✅") ? "paired-by-code" : "refused");
                replier.send(redeemed.get());
                return;
            }
            PairingService.Issued issued = pairing.issue(m.platform(), m.userId(), m.userName(), m.chatId());
            replier.send(issued.message());
            return;
        }
        if (!m.isDirect() && !m.addressed()) {
            return; // a group message not meant for the bot
        }
        String text = m.text().strip();
        if (text.isEmpty()) {
            return;
        }
        ChannelSessions.Resolved session = sessions.resolve(m);
        sessions.touch(session.sessionKey());
        if (session.wasReset()) {
            replier.send("🔄 Session automatically reset: this is a fresh conversation.");
        }
        ChannelsConfig.Platform platform = config.platform(m.platform());
        RunLauncher launcher = launcher(m);
        Optional<String> command = CommandDispatcher.commandName(text);
        if (command.isPresent()) {
            CommandDispatcher.Reply reply = commands.dispatch(text, new CommandDispatcher.Context(m.platform(),
                    session.sessionKey(), session.sessionId(), m, replier, launcher, platform.busyMode(), roles.callerOf(m)));
            replier.send(reply.text());
            return;
        }
        try {
            BusyGuard.Result result = guard.submit(session.sessionId(), text, platform.busyMode(), new BusyGuard.Sender(launcher, m, intake));
            switch (result.outcome()) {
                case QUEUED -> replier.send("📥 Queued (position " + result.position() + ") — I'll answer it after the current one.");
                case STEERED -> replier.send("↪️ Noted — I'll take that into account in the current answer.");
                case QUEUE_FULL -> replier.send("⏳ Still working and " + result.position()
                        + " messages are waiting; this one was not accepted. Try again later or /stop.");
                default -> {
                    // STARTED / INTERRUPTED: the answer itself is the reply
                }
            }
        } catch (SessionBusyException e) {
            replier.send("⏳ Still working on your previous message; try again in a moment or /stop.");
        }
    }
}
