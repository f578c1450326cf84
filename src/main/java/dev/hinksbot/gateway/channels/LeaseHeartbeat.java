package dev.hinksbot.gateway.channels;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route policy of a polling intake route whose poll delay may exceed the poller lease (mail polls every 30 s by
 * default, as long as the lease): while the route runs, {@link PollerLeases#mayPoll} is asked every quarter lease, so
 * the holder's lease never runs out between two polls (which would hand the mailbox back and forth) and a gateway
 * standing by takes over within the lease, not only at its next poll. The poll itself still asks too (its poll strategy).
 */
public final class LeaseHeartbeat extends RoutePolicySupport {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final PollerLeases leases;
    private final String account;
    private final Duration every;
    private ScheduledExecutorService timer;

    public LeaseHeartbeat(PollerLeases leases, String account, Duration lease) {
        this.leases = leases;
        this.account = account;
        this.every = lease.dividedBy(4);
    }

    @Override
    public synchronized void onStart(Route route) {
        timer = route.getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "lease-heartbeat");
        timer.scheduleWithFixedDelay(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            leases.mayPoll(account);
        } catch (RuntimeException e) {
            // the next beat or poll asks again; the poll logs a failure that lasts
            LOG.debug("lease on {} not renewed: {}", account, e.toString());
        }
    }

    @Override
    public synchronized void onStop(Route route) {
        if (timer != null) {
            route.getCamelContext().getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
    }
}
