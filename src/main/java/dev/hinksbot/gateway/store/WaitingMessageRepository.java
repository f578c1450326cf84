package dev.hinksbot.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Messages waiting for a busy session (the busy guard's queue and steer lists), kept so a restart runs them
 * instead of dropping them. {@code origin} is the platform message as JSON, null for the WebSocket.
 */
public final class WaitingMessageRepository {
    public record WaitingMessage(long id, String sessionId, String mode, String text, String origin) {
    }

    private final Database db;
    private final Clock clock;

    public WaitingMessageRepository(Database db) {
        this.db = db;
        this.clock = Clock.systemUTC();
    }

    public long add(String sessionId, String mode, String text, String origin) {
        return add(sessionId, mode, text, origin, StoreStep.NONE);
    }

    /** Adds the row with {@code alongside} (the message's inbound key) in the same transaction. */
    public long add(String sessionId, String mode, String text, String origin, StoreStep alongside) {
        return db.write(c -> {
            alongside.run(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO waiting_messages (session_id, mode, text, origin, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, sessionId);
                ps.setString(2, mode);
                ps.setString(3, text);
                ps.setString(4, origin);
                ps.setString(5, Timestamps.format(Timestamps.now(clock)));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    public void delete(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.write(c -> {
            deleteStep(ids).run(c);
            return null;
        });
    }

    /**
     * Deletes the rows inside another write: a waiting message that starts its run leaves the queue in the same
     * transaction that stores it as the run's prompt, so a crash can neither lose it nor answer it twice.
     */
    public StoreStep deleteStep(Collection<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        if (copy.isEmpty()) {
            return StoreStep.NONE;
        }
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM waiting_messages WHERE id = ?")) {
                for (long id : copy) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        };
    }

    public void deleteSession(String sessionId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM waiting_messages WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Everything waiting, oldest first. */
    public List<WaitingMessage> all() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, session_id, mode, text, origin FROM waiting_messages ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<WaitingMessage> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new WaitingMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
                return out;
            }
        });
    }
}
