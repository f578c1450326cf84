package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Chat messages, returned oldest first in insertion order (stable even within one millisecond). */
public final class MessageRepository {
    private static final String COLUMNS = "id, session_id, run_id, role, content, reasoning, tool_calls, tool_call_id,"
            + " tool_name, status, token_count, prompt_tokens, completion_tokens, duration_ms, created_at";

    private final Database db;
    private final Clock clock;

    public MessageRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public MessageRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the message (id null: generated "msg_…"; createdAt null: now; status null: complete) and bumps
     * the session's updated_at in the same transaction. Throws StoreException if the session does not exist.
     */
    public StoredMessage append(StoredMessage m) {
        return append(m, StoreStep.NONE);
    }

    /**
     * Stores the message as {@link #append(StoredMessage)} does, with {@code alongside} in the same transaction (the
     * inbound key of the platform message it came from): both are written or neither is.
     */
    public StoredMessage append(StoredMessage m, StoreStep alongside) {
        Objects.requireNonNull(m, "message");
        Objects.requireNonNull(alongside, "alongside");
        Objects.requireNonNull(m.sessionId(), "sessionId");
        Objects.requireNonNull(m.role(), "role");
        StoredMessage stored = complete(m);
        return db.write(c -> {
            alongside.run(c);
            return insert(c, stored);
        });
    }

    private StoredMessage complete(StoredMessage m) {
        return new StoredMessage(
                m.id() == null ? Ids.next("msg") : m.id(), m.sessionId(), m.runId(), m.role(), m.content(),
                m.reasoning(), m.toolCallsJson(), m.toolCallId(), m.toolName(),
                m.status() == null ? StoredMessage.COMPLETE : m.status(),
                m.tokenCount(), m.promptTokens(), m.completionTokens(), m.durationMs(),
                m.createdAt() == null ? Timestamps.now(clock) : Timestamps.normalize(m.createdAt()));
    }

    /** Inserts a complete message (see {@link #complete}) inside the caller's write transaction. */
    static StoredMessage insert(Connection c, StoredMessage stored) throws SQLException {
        String createdAt = Timestamps.format(stored.createdAt());
        // Never move updated_at backwards (e.g. when importing old messages).
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET updated_at = ?"
                + " WHERE id = ? AND updated_at < ?")) {
            ps.setString(1, createdAt);
            ps.setString(2, stored.sessionId());
            ps.setString(3, createdAt);
            ps.executeUpdate();
        }
        // seq = MAX+1 is race-free because all writes go through the one writer, in an IMMEDIATE transaction.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (" + COLUMNS + ", seq)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(seq), 0) + 1 FROM messages")) {
            ps.setString(1, stored.id());
            ps.setString(2, stored.sessionId());
            ps.setString(3, stored.runId());
            ps.setString(4, stored.role());
            ps.setString(5, stored.content());
            ps.setString(6, stored.reasoning());
            ps.setString(7, stored.toolCallsJson());
            ps.setString(8, stored.toolCallId());
            ps.setString(9, stored.toolName());
            ps.setString(10, stored.status());
            Jdbc.setInteger(ps, 11, stored.tokenCount());
            Jdbc.setInteger(ps, 12, stored.promptTokens());
            Jdbc.setInteger(ps, 13, stored.completionTokens());
            Jdbc.setLong(ps, 14, stored.durationMs());
            ps.setString(15, createdAt);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!sessionExists(c, stored.sessionId())) {
                throw new StoreException("Unknown session " + stored.sessionId(), e);
            }
            throw e;
        }
        return stored;
    }

    /**
     * Stores the text streamed so far of answers still being written, all in one transaction (the checkpoint of
     * every run in flight is one write, whatever the number of runs). A draft is inserted as {@code streaming} the
     * first time and its content and reasoning rewritten after; a draft whose message was finished meanwhile (see
     * {@link #finish}) is left alone, so a late checkpoint can never overwrite a final answer. Returns how many
     * drafts were written.
     */
    public int checkpoint(List<StoredMessage> drafts) {
        if (drafts.isEmpty()) {
            return 0;
        }
        return db.write(c -> {
            int written = 0;
            for (StoredMessage d : drafts) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET content = ?, reasoning = ?"
                        + " WHERE id = ? AND status = 'streaming'")) {
                    ps.setString(1, d.content());
                    ps.setString(2, d.reasoning());
                    ps.setString(3, d.id());
                    if (ps.executeUpdate() > 0) {
                        written++;
                        continue;
                    }
                }
                if (find(c, d.id()).isEmpty()) {
                    insert(c, complete(d.withStatus(StoredMessage.STREAMING)));
                    written++;
                }
            }
            return written;
        });
    }

    /**
     * Stores a finished message: rewrites it if a checkpoint already created it (keeping its place in the
     * conversation), else inserts it. One transaction, so it cannot race a checkpoint of the same message.
     */
    public StoredMessage finish(StoredMessage m) {
        Objects.requireNonNull(m.id(), "id");
        StoredMessage stored = complete(m);
        return db.write(c -> {
            if (find(c, stored.id()).isEmpty()) {
                return insert(c, stored);
            }
            updateIn(c, stored);
            return find(c, stored.id()).orElseThrow();
        });
    }

    /**
     * Rewrites the mutable parts of an existing message (content, reasoning, tool calls, status, usage),
     * e.g. to finish a streamed reply; the search index follows. Empty if no such message.
     */
    public Optional<StoredMessage> update(StoredMessage m) {
        Objects.requireNonNull(m, "message");
        Objects.requireNonNull(m.id(), "id");
        Objects.requireNonNull(m.status(), "status");
        return db.write(c -> updateIn(c, m) ? find(c, m.id()) : Optional.<StoredMessage>empty());
    }

    private static boolean updateIn(Connection c, StoredMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET content = ?, reasoning = ?,"
                + " tool_calls = ?, status = ?, token_count = ?, prompt_tokens = ?, completion_tokens = ?,"
                + " duration_ms = ? WHERE id = ?")) {
            ps.setString(1, m.content());
            ps.setString(2, m.reasoning());
            ps.setString(3, m.toolCallsJson());
            ps.setString(4, m.status());
            Jdbc.setInteger(ps, 5, m.tokenCount());
            Jdbc.setInteger(ps, 6, m.promptTokens());
            Jdbc.setInteger(ps, 7, m.completionTokens());
            Jdbc.setLong(ps, 8, m.durationMs());
            ps.setString(9, m.id());
            return ps.executeUpdate() > 0;
        }
    }

    public Page<StoredMessage> page(String sessionId, int page, int limit) {
        int p = Page.clampPage(page);
        int l = Page.clampLimit(limit);
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    total = Jdbc.count(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM messages WHERE session_id = ? ORDER BY seq LIMIT ? OFFSET ?")) {
                ps.setString(1, sessionId);
                ps.setInt(2, l);
                ps.setLong(3, Page.offset(p, l));
                return new Page<>(mapAll(ps), p, l, total);
            }
        });
    }

    /**
     * Deletes the session's messages stored after {@code messageId} (a retried answer's old turns and tool results);
     * returns how many went. Tool execution records stay, as the audit of what ran.
     */
    public int deleteAfter(String sessionId, String messageId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE session_id = ?"
                    + " AND seq > (SELECT seq FROM messages WHERE id = ? AND session_id = ?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, messageId);
                ps.setString(3, sessionId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Removes the session's last exchange: its last user message and everything stored after it (answers, tool
     * results and their execution records). Returns the removed user message, if there was one.
     */
    public Optional<StoredMessage> deleteLastExchange(String sessionId) {
        return db.write(c -> {
            Optional<StoredMessage> last;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM messages WHERE session_id = ? AND role = 'user' ORDER BY seq DESC LIMIT 1")) {
                ps.setString(1, sessionId);
                List<StoredMessage> found = mapAll(ps);
                last = found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
            if (last.isEmpty()) {
                return last;
            }
            String from = "(SELECT seq FROM messages WHERE id = ?)";
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tool_executions WHERE message_id IN"
                    + " (SELECT id FROM messages WHERE session_id = ? AND seq >= " + from + ")")) {
                ps.setString(1, sessionId);
                ps.setString(2, last.get().id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE session_id = ? AND seq >= " + from)) {
                ps.setString(1, sessionId);
                ps.setString(2, last.get().id());
                ps.executeUpdate();
            }
            return last;
        });
    }

    public List<StoredMessage> all(String sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM messages WHERE session_id = ? ORDER BY seq")) {
                ps.setString(1, sessionId);
                return mapAll(ps);
            }
        });
    }

    public Optional<StoredMessage> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return db.read(c -> find(c, id));
    }

    private static Optional<StoredMessage> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM messages WHERE id = ?")) {
            ps.setString(1, id);
            List<StoredMessage> found = mapAll(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static boolean sessionExists(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sessions WHERE id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return Jdbc.count(rs) > 0;
            }
        }
    }

    private static List<StoredMessage> mapAll(PreparedStatement ps) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredMessage(
                        rs.getString("id"),
                        rs.getString("session_id"),
                        rs.getString("run_id"),
                        rs.getString("role"),
                        rs.getString("content"),
                        rs.getString("reasoning"),
                        rs.getString("tool_calls"),
                        rs.getString("tool_call_id"),
                        rs.getString("tool_name"),
                        rs.getString("status"),
                        Jdbc.getInteger(rs, "token_count"),
                        Jdbc.getInteger(rs, "prompt_tokens"),
                        Jdbc.getInteger(rs, "completion_tokens"),
                        Jdbc.getLong(rs, "duration_ms"),
                        Timestamps.parse(rs.getString("created_at"))));
            }
        }
        return out;
    }
}
