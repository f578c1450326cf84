package dev.hinksbot.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Aggregates for the dashboard, computed in one read snapshot with portable SQL. */
public final class StatsRepository {
    static final int MAX_DAYS = 366;
    private static final int TOP_TOOLS = 10;

    private final Database db;
    private final Clock clock;

    public StatsRepository(Database db) {
        this(db, Clock.systemUTC());
    }

    public StatsRepository(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Totals are all-time; {@code daily} covers the last {@code days} UTC days including today (0 = none). */
    public Stats stats(int days) {
        int window = Math.max(0, Math.min(days, MAX_DAYS));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(Math.max(0, window - 1));
        String since = first + "T00:00:00.000Z";
        return db.read(c -> {
            Map<String, Long> byRole = new LinkedHashMap<>();
            for (String role : List.of(StoredMessage.SYSTEM, StoredMessage.USER, StoredMessage.ASSISTANT,
                    StoredMessage.TOOL)) {
                byRole.put(role, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT role, COUNT(*) FROM messages GROUP BY role");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byRole.put(rs.getString(1), rs.getLong(2));
                }
            }
            long messages = byRole.values().stream().mapToLong(Long::longValue).sum();
            long sessions = single(c, "SELECT COUNT(*) FROM sessions");
            long toolCalls = single(c, "SELECT COUNT(*) FROM tool_executions");
            long toolFailures = single(c, "SELECT COUNT(*) FROM tool_executions WHERE success = 0");
            long promptTokens = single(c, "SELECT COALESCE(SUM(prompt_tokens), 0) FROM messages");
            long completionTokens = single(c, "SELECT COALESCE(SUM(completion_tokens), 0) FROM messages");
            double avgToolMs = average(c, "SELECT AVG(duration_ms) FROM tool_executions WHERE duration_ms IS NOT NULL");
            double avgAssistantMs = average(c, "SELECT AVG(duration_ms) FROM messages"
                    + " WHERE role = 'assistant' AND duration_ms IS NOT NULL");

            List<Stats.NamedCount> topTools = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tool_name, COUNT(*) AS n FROM tool_executions"
                    + " GROUP BY tool_name ORDER BY n DESC, tool_name LIMIT " + TOP_TOOLS);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    topTools.add(new Stats.NamedCount(rs.getString(1), rs.getLong(2)));
                }
            }

            List<Stats.DayCount> daily = new ArrayList<>();
            if (window > 0) {
                Map<String, Long> sessionsByDay = perDay(c, "SELECT SUBSTR(created_at, 1, 10) AS day, COUNT(*)"
                        + " FROM sessions WHERE created_at >= ? GROUP BY SUBSTR(created_at, 1, 10)", since);
                Map<String, Long> messagesByDay = perDay(c, "SELECT SUBSTR(created_at, 1, 10) AS day, COUNT(*)"
                        + " FROM messages WHERE created_at >= ? GROUP BY SUBSTR(created_at, 1, 10)", since);
                Map<String, Long> toolsByDay = perDay(c, "SELECT SUBSTR(created_at, 1, 10) AS day, COUNT(*)"
                        + " FROM tool_executions WHERE created_at >= ? GROUP BY SUBSTR(created_at, 1, 10)", since);
                Map<String, Long> tokensByDay = perDay(c, "SELECT SUBSTR(created_at, 1, 10) AS day,"
                        + " COALESCE(SUM(COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0)), 0)"
                        + " FROM messages WHERE created_at >= ? GROUP BY SUBSTR(created_at, 1, 10)", since);
                for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                    String day = d.toString();
                    daily.add(new Stats.DayCount(day, sessionsByDay.getOrDefault(day, 0L),
                            messagesByDay.getOrDefault(day, 0L), toolsByDay.getOrDefault(day, 0L),
                            tokensByDay.getOrDefault(day, 0L)));
                }
            }
            return new Stats(sessions, messages, byRole, toolCalls, toolFailures, promptTokens, completionTokens,
                    avgToolMs, avgAssistantMs, topTools, daily);
        });
    }

    /** Usage of the sessions in {@code scope}: in the last {@code days} UTC days, and all time. */
    public record ScopedStats(int days, long sessions, long messages, long toolCalls, long tokens, long allSessions,
                              long allMessages) {
    }

    /** {@link #stats} for one user's (or group's) sessions only, for /insights. */
    public ScopedStats stats(int days, OwnerScope scope) {
        int window = Math.max(1, Math.min(days, MAX_DAYS));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String since = today.minusDays(window - 1) + "T00:00:00.000Z";
        String owned = " s.id FROM sessions s WHERE " + OwnerScope.sql("s.owner");
        return db.read(c -> new ScopedStats(window,
                scoped(c, "SELECT COUNT(*) FROM sessions s WHERE s.created_at >= ? AND " + OwnerScope.sql("s.owner"), since, scope),
                scoped(c, "SELECT COUNT(*) FROM messages WHERE created_at >= ? AND session_id IN (SELECT" + owned + ")", since, scope),
                scoped(c, "SELECT COUNT(*) FROM tool_executions WHERE created_at >= ? AND session_id IN (SELECT" + owned + ")",
                        since, scope),
                scoped(c, "SELECT COALESCE(SUM(COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0)), 0) FROM messages"
                        + " WHERE created_at >= ? AND session_id IN (SELECT" + owned + ")", since, scope),
                scoped(c, "SELECT COUNT(*) FROM sessions s WHERE ? IS NOT NULL AND " + OwnerScope.sql("s.owner"), "", scope),
                scoped(c, "SELECT COUNT(*) FROM messages WHERE ? IS NOT NULL AND session_id IN (SELECT" + owned + ")", "", scope)));
    }

    private static long scoped(Connection c, String sql, String since, OwnerScope scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, since);
            scope.bind(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                return Jdbc.count(rs);
            }
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return Jdbc.count(rs);
        }
    }

    private static double average(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getDouble(1) : 0.0; // AVG of no rows is NULL -> 0.0
        }
    }

    private static Map<String, Long> perDay(Connection c, String sql, String since) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
