package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.ChatRuns;
import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.channels.Replier;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.chat.SessionBusyException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code startRun}: hands the message to the agent through the busy guard (start, queue, steer or interrupt by the
 * platform's busy mode). The answer itself goes out through {@code direct:deliver}; this step replies only when the
 * message waits or was not taken. The message's inbound key is stored in the same transaction as the message.
 */
public final class StartRun implements Processor {
    private final BusyGuard guard;
    private final ChatRuns runs;
    private final IntakeKeys intake;

    public StartRun(BusyGuard guard, ChatRuns runs, IntakeKeys intake) {
        this.guard = guard;
        this.runs = runs;
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = InboundBodies.message(exchange);
        String sessionId = exchange.getIn().getHeader(InboundHeaders.SESSION_ID, String.class);
        if (sessionId == null) {
            throw new IllegalStateException("startRun needs header " + InboundHeaders.SESSION_ID + " (set by resolveSession)");
        }
        Replier replier = runs.replier(m);
        try {
            BusyGuard.Result result = guard.submit(sessionId, m.text().strip(), runs.platform(m).busyMode(),
                    new BusyGuard.Sender(runs.launcher(m), m,
                            intake.step(exchange.getIn().getHeader(IntakeKeys.HEADER, String.class))));
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
