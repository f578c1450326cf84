package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Ids;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Tool executions, listed per session in the order they were recorded. */
public final class ToolExecutionRepository {
    private final Database db;
    private final Clock clock;

    public ToolExecutionRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public ToolExecutionRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores the execution (id null: generated "tex_…"; createdAt null: now) and returns what was stored. */
    public ToolExecution record(ToolExecution e) {
        Objects.requireNonNull(e, "execution");
        Objects.requireNonNull(e.toolName(), "toolName");
        ToolExecution stored = new ToolExecution(
                e.id() == null ? Ids.next("tex") : e.id(), e.messageId(), e.sessionId(), e.runId(), e.toolName(),
                e.argsJson(), e.result(), e.success(), e.error(), e.durationMs(),
                e.createdAt() == null ? Timestamps.now(clock) : Timestamps.normalize(e.createdAt()));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tool_executions (id, message_id, session_id,"
                    + " run_id, tool_name, args, result, success, error, duration_ms, created_at, seq)"
                    + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(seq), 0) + 1 FROM tool_executions")) {
                ps.setString(1, stored.id());
                ps.setString(2, stored.messageId());
                ps.setString(3, stored.sessionId());
                ps.setString(4, stored.runId());
                ps.setString(5, stored.toolName());
                ps.setString(6, stored.argsJson());
                ps.setString(7, stored.result());
                ps.setInt(8, stored.success() ? 1 : 0);
                ps.setString(9, stored.error());
                ps.setLong(10, stored.durationMs());
                ps.setString(11, Timestamps.format(stored.createdAt()));
                ps.executeUpdate();
            }
            return stored;
        });
    }

    public List<ToolExecution> forSession(String sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, message_id, session_id, run_id, tool_name,"
                    + " args, result, success, error, duration_ms, created_at FROM tool_executions"
                    + " WHERE session_id = ? ORDER BY seq")) {
                ps.setString(1, sessionId);
                List<ToolExecution> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return out;
            }
        });
    }

    private static ToolExecution map(ResultSet rs) throws SQLException {
        Long duration = Jdbc.getLong(rs, "duration_ms");
        return new ToolExecution(
                rs.getString("id"),
                rs.getString("message_id"),
                rs.getString("session_id"),
                rs.getString("run_id"),
                rs.getString("tool_name"),
                rs.getString("args"),
                rs.getString("result"),
                rs.getInt("success") != 0,
                rs.getString("error"),
                duration == null ? 0 : duration,
                Timestamps.parse(rs.getString("created_at")));
    }
}
