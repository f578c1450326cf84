package dev.hinksbot.gateway.channels.slack;

import com.slack.api.socket_mode.request.SocketModeEnvelope;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each Events API and slash command envelope Slack sends over Socket Mode to the route, one at a time and in
 * order: the body is the envelope's payload (the {@code event_callback} JSON, or a slash command's fields), headers
 * {@value SlackSocketComponent#ENVELOPE_ID} and {@value SlackSocketComponent#RETRY_ATTEMPT}. The envelope is
 * acknowledged once the route has taken the exchange; a failed exchange (the message could not be stored) is not
 * acknowledged, so Slack sends it again.
 * <p>
 * The connection is open only while this gateway holds the app's poller lease: one thread asks for (and so renews) it
 * every {@link SlackSocketComponent#leaseCheck}, opens the connection when it gets the lease and closes it when it
 * loses it. A second gateway on the same database thus opens no connection until the first stops or dies.
 */
final class SlackSocketConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");
    private ScheduledExecutorService leaseCheck;
    private volatile SlackSocketConnection connection; // the lease thread, then doStop once that thread ended

    SlackSocketConsumer(SlackSocketEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public SlackSocketEndpoint getEndpoint() {
        return (SlackSocketEndpoint) super.getEndpoint();
    }

    private boolean take(SocketModeEnvelope envelope) {
        if (envelope.getPayload() == null) {
            return true;
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(envelope.getPayload().toString());
            exchange.getIn().setHeader(SlackSocketComponent.ENVELOPE_ID, envelope.getEnvelopeId());
            exchange.getIn().setHeader(SlackSocketComponent.RETRY_ATTEMPT, envelope.getRetryAttempt());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        releaseExchange(exchange, false);
        if (failure != null) {
            LOG.warn("Slack envelope {} was not taken ({}); Slack will send it again", envelope.getEnvelopeId(),
                    failure.getClass().getSimpleName());
            return false;
        }
        return true;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        SlackSocketComponent c = getEndpoint().getComponent();
        // checked at start, not creation: Camel creates the consumers of routes that never start (polling mode)
        if (c.appToken() == null || c.appToken().isBlank()) {
            throw new IllegalStateException("slack-socket:events needs the app-level token (gateway.slack.app-token)");
        }
        String account = SlackSocketComponent.account(c.appToken());
        c.leases().reportConnection(account, () -> {
            SlackSocketConnection open = connection;
            return open != null && open.connected();
        });
        leaseCheck = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "slack-socket-lease");
        long every = c.leaseCheck().toMillis();
        leaseCheck.scheduleWithFixedDelay(() -> connectWhileHolding(c, account), 0, every, TimeUnit.MILLISECONDS);
    }

    private void connectWhileHolding(SlackSocketComponent c, String account) {
        boolean holding;
        try {
            holding = c.leases().mayPoll(account);
        } catch (RuntimeException e) {
            // the database is unreachable for a moment: keep things as they are and ask again at the next check
            LOG.warn("Slack Socket Mode lease on {} not checked: {}", account, e.getClass().getSimpleName());
            return;
        }
        if (holding && connection == null) {
            connection = new SlackSocketConnection(c.slack(), c.appToken(), this::take, c.check());
            connection.start();
        } else if (!holding && connection != null) {
            LOG.warn("Slack Socket Mode connection closed: another gateway holds the lease on {} now", account);
            connection.close();
            connection = null;
        }
    }

    @Override
    protected void doStop() throws Exception {
        SlackSocketComponent c = getEndpoint().getComponent();
        if (c.appToken() != null && !c.appToken().isBlank()) {
            c.leases().reportConnection(SlackSocketComponent.account(c.appToken()), null);
        }
        if (leaseCheck != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(leaseCheck);
            leaseCheck = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        super.doStop();
    }
}
