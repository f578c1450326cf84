package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Ids;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Stored Responses API objects, kept until they expire (gateway.api.responses-retention) or are deleted. */
public final class ResponseRepository {
    private final Database db;
    private final Clock clock;

    public ResponseRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public ResponseRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts or replaces (a response is saved when it starts and again when it ends). */
    public void save(StoredResponse r) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO responses (id, session_id, run_id, previous_response_id,"
                    + " status, body, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body")) {
                ps.setString(1, r.id());
                ps.setString(2, r.sessionId());
                ps.setString(3, r.runId());
                ps.setString(4, r.previousResponseId());
                ps.setString(5, r.status());
                ps.setString(6, r.body());
                ps.setString(7, Timestamps.format(r.createdAt()));
                ps.setString(8, Timestamps.format(r.expiresAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The response, unless it has expired. */
    public Optional<StoredResponse> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, session_id, run_id, previous_response_id, status, body,"
                    + " created_at, expires_at FROM responses WHERE id = ? AND expires_at > ?")) {
                ps.setString(1, id);
                ps.setString(2, Timestamps.format(Timestamps.now(clock)));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredResponse(rs.getString("id"), rs.getString("session_id"), rs.getString("run_id"),
                            rs.getString("previous_response_id"), rs.getString("status"), rs.getString("body"),
                            Timestamps.parse(rs.getString("created_at")), Timestamps.parse(rs.getString("expires_at"))));
                }
            }
        });
    }

    public boolean delete(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM responses WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Removes expired responses (their conversations stay, as sessions). Returns how many went. */
    public int deleteExpired() {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM responses WHERE expires_at <= ?")) {
                ps.setString(1, Timestamps.format(Timestamps.now(clock)));
                return ps.executeUpdate();
            }
        });
    }

    /** True when nothing was added to the response's session after its run: chaining from it continues the session. */
    public boolean endsItsSession(StoredResponse r) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE((SELECT MAX(seq) FROM messages WHERE session_id = ?), 0)"
                    + " <= COALESCE((SELECT MAX(seq) FROM messages WHERE session_id = ? AND run_id = ?), 0)")) {
                ps.setString(1, r.sessionId());
                ps.setString(2, r.sessionId());
                ps.setString(3, r.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * A new session holding copies of the response's conversation up to the end of its run: chaining from a response
     * that is no longer the last of its session branches off there, instead of mixing two histories.
     */
    public String forkSession(StoredResponse r, String title) {
        String sessionId = Ids.next("sess");
        String now = Timestamps.format(Timestamps.now(clock));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, title, model, system_prompt, tool_options,"
                    + " max_turns, created_at, updated_at) SELECT ?, ?, model, system_prompt, tool_options, max_turns, ?, ?"
                    + " FROM sessions WHERE id = ?")) {
                ps.setString(1, sessionId);
                ps.setString(2, title);
                ps.setString(3, now);
                ps.setString(4, now);
                ps.setString(5, r.sessionId());
                if (ps.executeUpdate() == 0) {
                    throw new StoreException("Unknown session " + r.sessionId());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (id, seq, session_id, run_id, role, content,"
                    + " reasoning, tool_calls, tool_call_id, tool_name, status, token_count, prompt_tokens, completion_tokens,"
                    + " duration_ms, created_at)"
                    + " SELECT 'msg_' || lower(hex(randomblob(12))),"
                    + " (SELECT COALESCE(MAX(seq), 0) FROM messages) + ROW_NUMBER() OVER (ORDER BY seq),"
                    + " ?, run_id, role, content, reasoning, tool_calls, tool_call_id, tool_name, status, token_count,"
                    + " prompt_tokens, completion_tokens, duration_ms, created_at FROM messages"
                    + " WHERE session_id = ? AND seq <= (SELECT MAX(seq) FROM messages WHERE session_id = ? AND run_id = ?)"
                    + " ORDER BY seq")) {
                ps.setString(1, sessionId);
                ps.setString(2, r.sessionId());
                ps.setString(3, r.sessionId());
                ps.setString(4, r.runId());
                ps.executeUpdate();
            }
            return null;
        });
        return sessionId;
    }
}
