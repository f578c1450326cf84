package dev.hinksbot.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases on platform accounts in the shared database: the row for a name is held by one gateway instance until it
 * expires, and renewed by its holder. Taking or renewing is one conditional UPDATE in a write transaction, so two
 * gateways can never both believe they hold it (SQLite serialises the writers).
 */
public final class PollerLeaseRepository {
    private final Database db;
    private final Clock clock;

    public PollerLeaseRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes or renews {@code name} for {@code owner} until now + {@code lease}; false while another owner holds it. */
    public boolean acquire(String name, String owner, Duration lease) {
        Instant now = Timestamps.now(clock);
        String until = Timestamps.format(now.plus(lease));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO poller_leases (name, owner, expires_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at"
                    + " WHERE poller_leases.owner = excluded.owner OR poller_leases.expires_at < ?")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.setString(3, until);
                ps.setString(4, Timestamps.format(now));
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Takes {@code name} from {@code staleOwner} (known to be dead), if that one still holds it. */
    public boolean takeOver(String name, String staleOwner, String owner, Duration lease) {
        String until = Timestamps.format(Timestamps.now(clock).plus(lease));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE poller_leases SET owner = ?, expires_at = ? WHERE name = ? AND owner = ?")) {
                ps.setString(1, owner);
                ps.setString(2, until);
                ps.setString(3, name);
                ps.setString(4, staleOwner);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Gives {@code name} up at once (a clean stop), so a waiting gateway need not wait for the lease to run out. */
    public void release(String name, String owner) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM poller_leases WHERE name = ? AND owner = ?")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                return ps.executeUpdate();
            }
        });
    }

    /** Who holds {@code name} now, if anyone. */
    public Optional<String> holder(String name) {
        String now = Timestamps.format(Timestamps.now(clock));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM poller_leases WHERE name = ? AND expires_at >= ?")) {
                ps.setString(1, name);
                ps.setString(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }
}
