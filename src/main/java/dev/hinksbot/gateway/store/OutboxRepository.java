package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The persistent outbox: every outgoing chat platform message is a row written before any attempt to send it,
 * marked {@code sending} while an attempt is in flight, {@code delivered} only when the platform acknowledged it,
 * kept as {@code failed} after the last attempt, and {@code unknown} when an attempt was cut off (shutdown, crash) so
 * that nobody knows whether the platform has the message and sending it again could double it.
 */
public final class OutboxRepository {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String SENDING = "sending";
    public static final String UNKNOWN = "unknown";
    public static final java.util.Set<String> STATUSES = java.util.Set.of(PENDING, SENDING, DELIVERED, FAILED, UNKNOWN);

    /** One message to one chat. {@code meta} is platform-specific JSON (mail subject and threading headers). */
    public record Row(String id, String platform, String chatId, String threadId, String text, String meta, int part,
                      int parts, String status, int attempts, Instant nextAttemptAt, String lastError, String ackId,
                      Instant createdAt, Instant updatedAt, Instant deliveredAt) {
        /** A new row to enqueue. */
        public static Row of(String platform, String chatId, String threadId, String text, String meta, int part, int parts) {
            return new Row(null, platform, chatId, threadId, text, meta, part, parts, PENDING, 0, null, null, null, null, null, null);
        }
    }

    private static final String COLUMNS = "id, platform, chat_id, thread_id, text, meta, part, parts, status, attempts,"
            + " next_attempt_at, last_error, ack_id, created_at, updated_at, delivered_at";

    private final Database db;
    private final Clock clock;

    public OutboxRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public OutboxRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes the rows in one transaction, due at once; returns them with their ids. */
    public List<Row> enqueue(List<Row> rows) {
        Instant now = Timestamps.now(clock);
        return db.write(c -> {
            List<Row> out = new ArrayList<>();
            for (Row r : rows) {
                Row stored = new Row(Ids.next("out"), r.platform(), r.chatId(), r.threadId(), r.text(), r.meta(), r.part(),
                        r.parts(), PENDING, 0, now, null, null, now, now, null);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (" + COLUMNS + ", seq)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(seq), 0) + 1 FROM outbox")) {
                    ps.setString(1, stored.id());
                    ps.setString(2, stored.platform());
                    ps.setString(3, stored.chatId());
                    ps.setString(4, stored.threadId());
                    ps.setString(5, stored.text());
                    ps.setString(6, stored.meta());
                    ps.setInt(7, stored.part());
                    ps.setInt(8, stored.parts());
                    ps.setString(9, PENDING);
                    ps.setInt(10, 0);
                    ps.setString(11, Timestamps.format(now));
                    ps.setString(12, null);
                    ps.setString(13, null);
                    ps.setString(14, Timestamps.format(now));
                    ps.setString(15, Timestamps.format(now));
                    ps.setString(16, null);
                    ps.executeUpdate();
                }
                out.add(stored);
            }
            return out;
        });
    }

    /** Pending rows whose next attempt is due, in the order they were written. */
    public List<Row> due(int limit) {
        String now = Timestamps.format(Timestamps.now(clock));
        return db.read(c -> query(c, "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?", now, limit));
    }

    /** Rows, newest first; {@code status} null for all. */
    public List<Row> list(String status, int limit) {
        return db.read(c -> query(c, "WHERE (? IS NULL OR status = ?) ORDER BY seq DESC LIMIT ?", status, status, limit));
    }

    public Optional<Row> find(String id) {
        return db.read(c -> query(c, "WHERE id = ?", id).stream().findFirst());
    }

    public long count(String status) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE status = ?")) {
                ps.setString(1, status);
                try (ResultSet rs = ps.executeQuery()) {
                    return Jdbc.count(rs);
                }
            }
        });
    }

    public void markDelivered(String id, int attempts, String ackId) {
        update(id, "status = 'delivered', attempts = ?, ack_id = ?, last_error = NULL, delivered_at = ?, updated_at = ?",
                attempts, ackId, now(), now());
    }

    /**
     * An attempt starts: if the gateway dies before it is marked otherwise, its outcome is unknown. False when the row
     * is no longer pending: another gateway on this database took it first, and only one may send it.
     */
    public boolean markSending(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET status = 'sending', updated_at = ? WHERE id = ? AND status = 'pending'")) {
                ps.setString(1, now());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Back to pending, due at {@code nextAttemptAt}; {@code attempts} counts failed attempts (a rate limit is none). */
    public void markRetry(String id, int attempts, Instant nextAttemptAt, String error) {
        update(id, "status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?",
                attempts, Timestamps.format(Timestamps.normalize(nextAttemptAt)), error, now());
    }

    public void markFailed(String id, int attempts, String error) {
        update(id, "status = 'failed', attempts = ?, last_error = ?, updated_at = ?", attempts, error, now());
    }

    /** The attempt was cut off and the platform cannot tell a repeat from a new message: shown, not sent again. */
    public void markUnknown(String id, int attempts, String error) {
        update(id, "status = 'unknown', attempts = ?, last_error = ?, updated_at = ?", attempts, error, now());
    }

    /** Rows left {@code sending} by a process that died mid-attempt. */
    public List<Row> interrupted() {
        return db.read(c -> query(c, "WHERE status = 'sending' ORDER BY seq"));
    }

    /**
     * A failed or unknown row goes back to pending, due now, with a fresh count of attempts (for an unknown row the
     * operator decided a possible duplicate is better than a possible loss). False if it is neither.
     */
    public boolean retry(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET status = 'pending', attempts = 0,"
                    + " next_attempt_at = ?, updated_at = ? WHERE id = ? AND status IN ('failed', 'unknown')")) {
                ps.setString(1, now());
                ps.setString(2, now());
                ps.setString(3, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private String now() {
        return Timestamps.format(Timestamps.now(clock));
    }

    private void update(String id, String set, Object... values) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET " + set + " WHERE id = ?")) {
                int i = 1;
                for (Object v : values) {
                    ps.setObject(i++, v);
                }
                ps.setString(i, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<Row> query(Connection c, String where, Object... params) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox " + where)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString("id"), rs.getString("platform"), rs.getString("chat_id"),
                            rs.getString("thread_id"), rs.getString("text"), rs.getString("meta"), rs.getInt("part"),
                            rs.getInt("parts"), rs.getString("status"), rs.getInt("attempts"),
                            Timestamps.parse(rs.getString("next_attempt_at")), rs.getString("last_error"),
                            rs.getString("ack_id"), Timestamps.parse(rs.getString("created_at")),
                            Timestamps.parse(rs.getString("updated_at")), Timestamps.parse(rs.getString("delivered_at"))));
                }
            }
        }
        return out;
    }
}
