package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.store.PollerLeaseRepository;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poller per platform account: a channel consumer asks {@link #mayPoll} before each poll. This gateway holds the
 * account's lease (renewed while it polls) or stands by, saying so once in the log and in health, and takes over
 * within the lease time when the holder stops renewing (it crashed), at once when it stopped cleanly, and at once
 * when the holder was a gateway on this machine whose process is gone (a restart after kill -9 does not wait).
 */
public final class PollerLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollerLeases.class);

    private final PollerLeaseRepository leases;
    private final Duration lease;
    /** Names this process on this machine, so a restarted gateway can tell that the holder it finds is dead. */
    private final String instance = Ids.next("inst") + "@" + host() + ":" + ProcessHandle.current().pid();
    private final Map<String, Long> renewedAt = new ConcurrentHashMap<>();
    private final Set<String> standingBy = ConcurrentHashMap.newKeySet();
    /** Accounts taken over a connection (Slack Socket Mode) rather than by polling: whether it is open now. */
    private final Map<String, BooleanSupplier> connections = new ConcurrentHashMap<>();

    public PollerLeases(PollerLeaseRepository leases, Duration lease) {
        this.leases = leases;
        this.lease = lease;
    }

    /** True when this gateway holds (or just took) the lease on {@code account}, e.g. {@code telegram:<bot id>}. */
    public boolean mayPoll(String account) {
        Long last = renewedAt.get(account);
        long now = System.nanoTime();
        if (last != null && now - last < lease.toNanos() / 3) {
            return true; // renewed a moment ago: no write on every poll
        }
        boolean held = leases.acquire(account, instance, lease)
                || leases.holder(account).filter(PollerLeases::isDeadHereOnThisMachine)
                        .map(stale -> takeOver(account, stale)).orElse(false);
        if (held) {
            renewedAt.put(account, now);
            if (standingBy.remove(account)) {
                LOG.info("polling {} now: the other gateway's lease ended", account);
            }
        } else {
            renewedAt.remove(account);
            if (standingBy.add(account)) {
                LOG.warn("not polling {}: another gateway on this database polls it (it holds the lease; this one takes over"
                        + " within {} s if that one stops)", account, lease.toSeconds());
            }
        }
        return held;
    }

    private boolean takeOver(String account, String stale) {
        boolean taken = leases.takeOver(account, stale, instance, lease);
        if (taken) {
            LOG.info("took over polling {} from {}, a gateway on this machine that is gone (killed or crashed)", account, stale);
        }
        return taken;
    }

    /** A holder that ran on this machine and whose process no longer exists (a kill -9 leaves its lease behind). */
    public static boolean isDeadHereOnThisMachine(String owner) {
        int at = owner.lastIndexOf('@');
        int colon = owner.lastIndexOf(':');
        if (at < 0 || colon < at || !owner.substring(at + 1, colon).equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(colon + 1));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /**
     * The account is taken over a connection this gateway opens while it holds the lease: health then says
     * "connected" or "connecting" for it instead of "polling". {@code null} stops reporting it.
     */
    public void reportConnection(String account, BooleanSupplier open) {
        if (open == null) {
            connections.remove(account);
        } else {
            connections.put(account, open);
        }
    }

    /**
     * Each account this gateway polls or would poll: "polling" or "standby"; for an account taken over a connection,
     * "connected" or "connecting" (held, the connection not open yet or being opened again) instead of "polling".
     */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        renewedAt.keySet().forEach(a -> {
            BooleanSupplier open = connections.get(a);
            states.put(a, open == null ? "polling" : open.getAsBoolean() ? "connected" : "connecting");
        });
        standingBy.forEach(a -> states.put(a, "standby"));
        return states;
    }

    /** Releases every lease held, so a gateway standing by takes over at its next poll. */
    @Override
    public void close() {
        for (String account : renewedAt.keySet()) {
            try {
                leases.release(account, instance);
            } catch (RuntimeException e) {
                LOG.debug("lease on {} not released (it expires by itself): {}", account, e.toString());
            }
        }
        renewedAt.clear();
    }
}
