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
import java.util.function.Supplier;

/**
 * Runs of stored sessions, so that what was in flight when the gateway stopped or died is known at the next start:
 * such a run is closed as {@code interrupted} (with its answer) and its chat is told once.
 */
public final class RunRepository {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    /** {@code origin}: where the run's answer goes (a chat platform message as JSON), null for the WebSocket and API. */
    public record Run(String id, String sessionId, String status, String origin, Instant startedAt, Instant endedAt,
                      Instant notifiedAt) {
    }

    private static final String COLUMNS = "id, session_id, status, origin, started_at, ended_at, notified_at";

    private final Database db;
    private final Clock clock;

    public RunRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public RunRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the run's input ({@code input}, whose writes join this transaction) and records the run as running, in
     * one transaction: a crash cannot leave a user message whose run is unknown. Returns what {@code input} returned.
     */
    public <T> T start(String runId, String sessionId, String origin, Supplier<T> input) {
        return db.write(c -> {
            T result = input.get();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL, NULL)")) {
                ps.setString(1, runId);
                ps.setString(2, sessionId);
                ps.setString(3, RUNNING);
                ps.setString(4, origin);
                ps.setString(5, now());
                ps.executeUpdate();
            }
            return result;
        });
    }

    /** A run that is still running ended with {@code status} (completed, cancelled or failed). */
    public void end(String runId, String status) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'")) {
                ps.setString(1, status);
                ps.setString(2, now());
                ps.setString(3, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Closes a running run as interrupted, with its answers still marked streaming; if the run left no interrupted
     * answer at all (it stopped before the model wrote a word, or during a tool), an empty assistant message marks
     * the place, so every surface shows the state. False if the run was not running.
     */
    public boolean interrupt(String runId) {
        return db.write(c -> interrupt(c, runId));
    }

    /**
     * At start-up, before any run starts: every run still marked running was cut off by a stop or crash. Returns
     * how many were closed. Answers left streaming without a run row (none are expected) are closed too.
     */
    public int interruptAllRunning() {
        return db.write(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE status = 'running' ORDER BY started_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            for (String id : ids) {
                interrupt(c, id);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'")) {
                ps.executeUpdate();
            }
            return ids.size();
        });
    }

    private boolean interrupt(Connection c, String runId) throws SQLException {
        Optional<Run> run = find(c, runId);
        if (run.isEmpty() || !RUNNING.equals(run.get().status())) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = 'interrupted', ended_at = ? WHERE id = ?")) {
            ps.setString(1, now());
            ps.setString(2, runId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET status = 'interrupted' WHERE run_id = ? AND status = 'streaming'")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
        boolean marked;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE run_id = ? AND status = 'interrupted'")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                marked = Jdbc.count(rs) > 0;
            }
        }
        if (!marked) {
            MessageRepository.insert(c, new StoredMessage(Ids.next("msg"), run.get().sessionId(),
                    runId, StoredMessage.ASSISTANT, "", null, null, null, null, StoredMessage.INTERRUPTED, 0, null, null, null,
                    Timestamps.now(clock)));
        }
        return true;
    }

    /** Interrupted runs whose chat has not been told yet (runs with an origin only), oldest first. */
    public List<Run> unnotified() {
        return db.read(c -> query(c, "WHERE status = 'interrupted' AND origin IS NOT NULL AND notified_at IS NULL ORDER BY started_at"));
    }

    /**
     * Marks the run notified and runs {@code queueNotice} in the same transaction (its outbox writes join it), so the
     * notice is queued exactly once: if queueing fails nothing is marked, and a run already marked is skipped.
     * Returns whether the notice was queued now.
     */
    public boolean markNotified(String runId, Runnable queueNotice) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET notified_at = ? WHERE id = ? AND notified_at IS NULL")) {
                ps.setString(1, now());
                ps.setString(2, runId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            queueNotice.run();
            return true;
        });
    }

    public Optional<Run> find(String runId) {
        return db.read(c -> find(c, runId));
    }

    private static Optional<Run> find(Connection c, String runId) throws SQLException {
        return query(c, "WHERE id = ?", runId).stream().findFirst();
    }

    private String now() {
        return Timestamps.format(Timestamps.now(clock));
    }

    private static List<Run> query(Connection c, String where, Object... params) throws SQLException {
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs " + where)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Run(rs.getString("id"), rs.getString("session_id"), rs.getString("status"),
                            rs.getString("origin"), Timestamps.parse(rs.getString("started_at")),
                            Timestamps.parse(rs.getString("ended_at")), Timestamps.parse(rs.getString("notified_at"))));
                }
            }
        }
        return out;
    }
}
