package dev.hinksbot.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The inbound messages already taken (idempotent intake). A key is recorded by {@link #step} inside the transaction
 * that stores the message, so "stored" and "seen" can never disagree after a crash; {@link #record} marks a message
 * that stored nothing (a command, an ignored update) once its handling is done.
 */
public final class InboundKeyRepository {
    /** The key was recorded before: the message was already taken and must not be stored again. */
    public static final class AlreadyTakenException extends StoreException {
        public AlreadyTakenException(String key) {
            super("inbound message " + key + " was already taken");
        }
    }

    private final Database db;
    private final Clock clock;

    public InboundKeyRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public InboundKeyRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean contains(String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbound_keys WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records the key on its own; false if it was there already. */
    public boolean record(InboundKey key) {
        return db.write(c -> insert(c, key, false));
    }

    /** Records the key inside another write's transaction; that write fails (and rolls back) if it was there already. */
    public StoreStep step(InboundKey key) {
        return key == null ? StoreStep.NONE : c -> insert(c, key, true);
    }

    private boolean insert(java.sql.Connection c, InboundKey key, boolean mustBeNew) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbound_keys (key, source, seq, created_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")) {
            ps.setString(1, key.value());
            ps.setString(2, key.source());
            Jdbc.setLong(ps, 3, key.seq());
            ps.setString(4, Timestamps.format(Timestamps.now(clock)));
            boolean inserted = ps.executeUpdate() > 0;
            if (!inserted && mustBeNew) {
                throw new AlreadyTakenException(key.value());
            }
            return inserted;
        }
    }

    /** The highest {@code seq} taken from {@code source} (Telegram: the last update_id stored), if any. */
    public OptionalLong lastSeq(String source) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM inbound_keys WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long v = rs.getLong(1);
                        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                    }
                    return OptionalLong.empty();
                }
            }
        });
    }

    /**
     * Forgets keys older than {@code before}, except each source's newest numbered one (it carries Telegram's offset).
     * Platforms do not send a message again after that long (Telegram keeps updates 24 h).
     */
    public int prune(Instant before) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM inbound_keys WHERE created_at < ? AND (seq IS NULL"
                    + " OR seq < (SELECT MAX(k.seq) FROM inbound_keys k WHERE k.source = inbound_keys.source))")) {
                ps.setString(1, Timestamps.format(Timestamps.normalize(before)));
                return ps.executeUpdate();
            }
        });
    }
}
