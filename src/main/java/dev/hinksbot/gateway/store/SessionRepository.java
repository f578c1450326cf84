package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.common.Ids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Sessions: create, list (most recently updated first), patch, delete (cascading to messages, tools, search). */
public final class SessionRepository {
    static final String DEFAULT_TITLE = "New chat";
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final String SELECT = "SELECT s.id, s.title, s.model, s.system_prompt, s.tool_options, s.max_turns,"
            + " s.created_at, s.updated_at,"
            + " (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) AS message_count"
            + " FROM sessions s";

    private final Database db;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public SessionRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public SessionRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Session create(String id, String title, String model, List<String> toolOptions) {
        String sessionId = id == null ? Ids.next("sess") : id;
        String sessionTitle = title == null || title.isBlank() ? DEFAULT_TITLE : title.strip();
        Instant now = Timestamps.now(clock);
        Session session = new Session(sessionId, sessionTitle, model, null, toolOptions, null, now, now, 0);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions"
                    + " (id, title, model, system_prompt, tool_options, max_turns, created_at, updated_at)"
                    + " VALUES (?, ?, ?, NULL, ?, NULL, ?, ?)")) {
                ps.setString(1, session.id());
                ps.setString(2, session.title());
                ps.setString(3, session.model());
                ps.setString(4, toJson(session.toolOptions()));
                ps.setString(5, Timestamps.format(now));
                ps.setString(6, Timestamps.format(now));
                ps.executeUpdate();
            }
            return null;
        });
        return session;
    }

    /**
     * The session with this client-chosen id, created if missing. Safe when two requests race to create it
     * (a WebSocket's OPEN and first MESSAGE can arrive on different threads).
     */
    public Session findOrCreate(String id) {
        Instant now = Timestamps.now(clock);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, title, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, id);
                ps.setString(2, DEFAULT_TITLE);
                ps.setString(3, Timestamps.format(now));
                ps.setString(4, Timestamps.format(now));
                ps.executeUpdate();
            }
            return find(c, id).orElseThrow();
        });
    }

    /** The most recently active session in {@code scope} with this title (case-insensitive) or id. */
    public Optional<Session> findByTitleOrId(String titleOrId, OwnerScope scope) {
        if (titleOrId == null || titleOrId.isBlank()) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE (lower(s.title) = lower(?) OR s.id = ?) AND "
                    + OwnerScope.sql("s.owner") + " ORDER BY lower(s.title) = lower(?) DESC, s.updated_at DESC LIMIT 1")) {
                ps.setString(1, titleOrId.strip());
                ps.setString(2, titleOrId.strip());
                int next = scope.bind(ps, 3);
                ps.setString(next, titleOrId.strip());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.<Session>empty();
                }
            }
        });
    }

    /** The {@code limit} most recently updated sessions in {@code scope}. */
    public List<Session> recent(OwnerScope scope, int limit) {
        return db.read(c -> {
            List<Session> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE " + OwnerScope.sql("s.owner")
                    + " ORDER BY s.updated_at DESC, s.created_at DESC, s.id LIMIT ?")) {
                int next = scope.bind(ps, 1);
                ps.setInt(next, Page.clampLimit(limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(map(rs));
                    }
                }
            }
            return items;
        });
    }

    /** Whose the session is ({@code user:telegram:111}, {@code group:slack:C1}); empty when it has no owner or is missing. */
    public Optional<String> ownerOf(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM sessions WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Gives a session that has no owner yet to {@code owner}; an owned session keeps its owner. */
    public void claim(String id, String owner) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET owner = ? WHERE id = ? AND owner IS NULL")) {
                ps.setString(1, owner);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return db.read(c -> find(c, id));
    }

    public Page<Session> list(int page, int limit) {
        int p = Page.clampPage(page);
        int l = Page.clampLimit(limit);
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sessions");
                 ResultSet rs = ps.executeQuery()) {
                total = rs.next() ? rs.getLong(1) : 0;
            }
            List<Session> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + " ORDER BY s.updated_at DESC, s.created_at DESC, s.id LIMIT ? OFFSET ?")) {
                ps.setInt(1, l);
                ps.setLong(2, Page.offset(p, l));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(map(rs));
                    }
                }
            }
            return new Page<>(items, p, l, total);
        });
    }

    /** Applies the non-null fields of the patch and bumps updated_at; empty if the session does not exist. */
    public Optional<Session> update(String id, SessionPatch patch) {
        Objects.requireNonNull(patch, "patch");
        if (id == null) {
            return Optional.empty();
        }
        if (patch.maxTurns() != null && patch.maxTurns() < 1) {
            throw new IllegalArgumentException("maxTurns must be positive");
        }
        String title = patch.title() == null || patch.title().isBlank() ? null : patch.title().strip();
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET"
                    + " title = COALESCE(?, title), model = COALESCE(?, model),"
                    + " system_prompt = COALESCE(?, system_prompt), tool_options = COALESCE(?, tool_options),"
                    + " max_turns = COALESCE(?, max_turns), updated_at = ? WHERE id = ?")) {
                ps.setString(1, title);
                ps.setString(2, patch.model());
                ps.setString(3, patch.systemPrompt());
                ps.setString(4, toJson(patch.toolOptions()));
                if (patch.maxTurns() == null) {
                    ps.setNull(5, Types.INTEGER);
                } else {
                    ps.setInt(5, patch.maxTurns());
                }
                ps.setString(6, Timestamps.format(Timestamps.now(clock)));
                ps.setString(7, id);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return find(c, id);
        });
    }

    /**
     * Names a session still called "New chat" (a WebSocket or API session gets its title from its first user
     * message, as the web UI's own sessions do); a title someone chose is never replaced. True if it was renamed.
     */
    public boolean titleIfUntitled(String id, String title) {
        if (id == null || title == null || title.isBlank()) {
            return false;
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET title = ? WHERE id = ? AND title = ?")) {
                ps.setString(1, title.strip());
                ps.setString(2, id);
                ps.setString(3, DEFAULT_TITLE);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Deletes the session; its messages, tool executions and search entries go with it (FK cascade + triggers). */
    public boolean delete(String id) {
        if (id == null) {
            return false;
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public void touch(String id) {
        if (id == null) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET updated_at = ? WHERE id = ?")) {
                ps.setString(1, Timestamps.format(Timestamps.now(clock)));
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private Optional<Session> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE s.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private Session map(ResultSet rs) throws SQLException {
        int maxTurns = rs.getInt("max_turns");
        Integer maxTurnsOrNull = rs.wasNull() ? null : maxTurns;
        return new Session(
                rs.getString("id"),
                rs.getString("title"),
                rs.getString("model"),
                rs.getString("system_prompt"),
                fromJson(rs.getString("tool_options")),
                maxTurnsOrNull,
                Timestamps.parse(rs.getString("created_at")),
                Timestamps.parse(rs.getString("updated_at")),
                rs.getLong("message_count"));
    }

    private String toJson(List<String> list) {
        if (list == null) {
            return null;
        }
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new StoreException("Cannot encode tool options", e);
        }
    }

    private List<String> fromJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new StoreException("Stored tool_options is not a JSON array of strings", e);
        }
    }
}
