package dev.hinksbot.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Chat platform conversations (by session key) bound to gateway sessions, and the home channels set with
 * {@code /sethome}. A reset binds the key to a new session; the old session stays in the store.
 */
public final class ChannelSessionRepository {
    /** A session key's current session; {@code resetPending}: an automatic reset the user has not been told about. */
    public record Binding(String sessionKey, String sessionId, String platform, boolean resetPending,
                          Instant lastActiveAt, Instant createdAt) {
    }

    /** A platform's home channel as set with /sethome. */
    public record Home(String platform, String chatId, String threadId, Instant setAt) {
    }

    private final Database db;
    private final Clock clock;

    public ChannelSessionRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public ChannelSessionRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<Binding> find(String sessionKey) {
        return db.read(c -> find(c, sessionKey));
    }

    /** The session key a session is bound to (the most recently active, if several), e.g. for a tool run in it. */
    public Optional<String> keyOfSession(String sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT session_key FROM channel_sessions WHERE session_id = ? ORDER BY last_active_at DESC LIMIT 1")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Whether a conversation in this chat's thread was ever bound to a session, i.e. the gateway answered in that
     * thread (any chat type, per-user or shared). Lets a channel keep following a thread it answered in across
     * restarts.
     */
    public boolean hasThread(String platform, String chatId, String threadId) {
        String prefix = "agent:main:" + likeEscaped(platform) + ":%:" + likeEscaped(chatId) + ":" + likeEscaped(threadId);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM channel_sessions WHERE platform = ?"
                    + " AND (session_key LIKE ? ESCAPE '\\' OR session_key LIKE ? ESCAPE '\\') LIMIT 1")) {
                ps.setString(1, platform);
                ps.setString(2, prefix);
                ps.setString(3, prefix + ":%");
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * Binds the key to {@code sessionId}, replacing any earlier binding. A missing session row is created, owned by
     * {@code owner} (see {@code sessions.owner}); an existing session keeps its owner.
     */
    public Binding bind(String sessionKey, String sessionId, String platform, boolean resetPending, String owner) {
        Instant now = Timestamps.now(clock);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, title, created_at, updated_at, owner)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, sessionId);
                ps.setString(2, SessionRepository.DEFAULT_TITLE);
                ps.setString(3, Timestamps.format(now));
                ps.setString(4, Timestamps.format(now));
                ps.setString(5, owner);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_sessions"
                    + " (session_key, session_id, platform, reset_pending, last_active_at, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (session_key) DO UPDATE SET session_id = excluded.session_id,"
                    + " reset_pending = excluded.reset_pending, last_active_at = excluded.last_active_at,"
                    + " created_at = excluded.created_at")) {
                ps.setString(1, sessionKey);
                ps.setString(2, sessionId);
                ps.setString(3, platform);
                ps.setInt(4, resetPending ? 1 : 0);
                ps.setString(5, Timestamps.format(now));
                ps.setString(6, Timestamps.format(now));
                ps.executeUpdate();
            }
            return find(c, sessionKey).orElseThrow();
        });
    }

    /** Records activity on the key and clears its reset notice (the user has now been told). */
    public void touch(String sessionKey) {
        Instant now = Timestamps.now(clock);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE channel_sessions SET last_active_at = ?, reset_pending = 0 WHERE session_key = ?")) {
                ps.setString(1, Timestamps.format(now));
                ps.setString(2, sessionKey);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void setHome(String platform, String chatId, String threadId) {
        Instant now = Timestamps.now(clock);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO home_channels (platform, chat_id, thread_id, set_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (platform) DO UPDATE SET chat_id = excluded.chat_id,"
                    + " thread_id = excluded.thread_id, set_at = excluded.set_at")) {
                ps.setString(1, platform);
                ps.setString(2, chatId);
                ps.setString(3, threadId);
                ps.setString(4, Timestamps.format(now));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Home> home(String platform) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT platform, chat_id, thread_id, set_at FROM home_channels WHERE platform = ?")) {
                ps.setString(1, platform);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Home(rs.getString(1), rs.getString(2), rs.getString(3),
                            Timestamps.parse(rs.getString(4)))) : Optional.empty();
                }
            }
        });
    }

    private static Optional<Binding> find(Connection c, String sessionKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT session_key, session_id, platform, reset_pending,"
                + " last_active_at, created_at FROM channel_sessions WHERE session_key = ?")) {
            ps.setString(1, sessionKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Binding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                        Timestamps.parse(rs.getString(5)), Timestamps.parse(rs.getString(6))));
            }
        }
    }
}
