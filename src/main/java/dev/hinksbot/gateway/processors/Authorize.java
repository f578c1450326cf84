package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.channels.Authorizer;
import dev.hinksbot.gateway.channels.ChatRuns;
import dev.hinksbot.gateway.channels.PairingService;
import dev.hinksbot.gateway.channels.Welcome;
import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code authorize}, the first step of {@code direct:inbound}: may this sender talk to the agent? An unknown
 * sender in a direct chat who sends a /pair code is paired at once (or told why not: a wrong code, a lockout), any
 * other unknown sender in a direct chat gets a pairing code, an unknown group member silence; either way the message
 * goes no further (the exchange stops here, complete).
 */
public final class Authorize implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.inbound");

    private final Authorizer authorizer;
    private final PairingService pairing;
    private final ChatRuns runs;

    public Authorize(Authorizer authorizer, PairingService pairing, ChatRuns runs) {
        this.authorizer = authorizer;
        this.pairing = pairing;
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = InboundBodies.message(exchange);
        Authorizer.Decision decision = authorizer.decide(m);
        LOG.info("inbound platform={} chat_type={} chat={} user={} message={} chars={} decision={}", m.platform(),
                m.chatType(), m.chatId(), m.userId(), m.messageId(), m.text().length(), decision);
        switch (decision) {
            case IGNORE -> exchange.setRouteStop(true);
            case PAIR -> {
                Optional<String> redeemed = pairing.redeem(m.platform(), m.userId(), m.userName(), m.text());
                redeemed.ifPresent(answer -> LOG.info("pairing by code platform={} user={} answer={}", m.platform(),
                        m.userId(), answer));
                runs.replier(m).send(redeemed.orElseGet(() -> {
                    String pairingMessage = pairing.issue(m.platform(), m.userId(), m.userName(), m.chatId()).message();
                    return Welcome.isStart(m) ? Welcome.stranger(pairingMessage) : pairingMessage;
                }));
                exchange.setRouteStop(true);
            }
            default -> {
                // ALLOW: on to the session
            }
        }
    }
}
