package dev.hinksbot.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Full-text search over user/assistant messages and session titles (FTS5, porter stemming, bm25 ranking). */
public final class SearchRepository {
    static final int MAX_LIMIT = 100;
    private static final int SNIPPET_TOKENS = 12;
    // Private-use markers survive HTML escaping and are then turned into <mark> tags.
    private static final String OPEN = "\uE000";
    private static final String CLOSE = "\uE001";

    private static final String MESSAGE_SQL = "SELECT m.id, m.session_id, s.title, m.role, m.created_at,"
            + " snippet(messages_fts, 0, ?, ?, '…', " + SNIPPET_TOKENS + ") AS snip,"
            + " bm25(messages_fts) AS rank_score"
            + " FROM messages_fts"
            + " JOIN messages m ON m.seq = messages_fts.rowid"
            + " JOIN sessions s ON s.id = m.session_id"
            + " WHERE messages_fts MATCH ? AND " + OwnerScope.sql("s.owner") + " ORDER BY rank_score LIMIT ?";
    private static final String TITLE_SQL = "SELECT s.id, s.title, s.created_at,"
            + " highlight(sessions_fts, 0, ?, ?) AS snip, bm25(sessions_fts) AS rank_score"
            + " FROM sessions_fts JOIN sessions s ON s.id = sessions_fts.session_id"
            + " WHERE sessions_fts MATCH ? AND " + OwnerScope.sql("s.owner") + " ORDER BY rank_score LIMIT ?";

    private final Database db;

    public SearchRepository(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Best matches first over every session (the admins' search); see {@link #search(String, int, OwnerScope)}. */
    public List<SearchHit> search(String query, int limit) {
        return search(query, limit, OwnerScope.ALL);
    }

    /** Best matches first in {@code scope}'s sessions; never fails on query syntax (blank or unsearchable text gives an empty list). */
    public List<SearchHit> search(String query, int limit, OwnerScope scope) {
        Optional<String> match = FtsQuery.of(query);
        if (match.isEmpty() || limit <= 0) {
            return List.of();
        }
        int l = Math.min(limit, MAX_LIMIT);
        return db.read(c -> {
            List<SearchHit> hits = new ArrayList<>();
            hits.addAll(messageHits(c, match.get(), l, scope));
            hits.addAll(titleHits(c, match.get(), l, scope));
            hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
            return List.copyOf(hits.subList(0, Math.min(l, hits.size())));
        });
    }

    private static List<SearchHit> messageHits(Connection c, String match, int limit, OwnerScope scope) throws SQLException {
        return query(c, MESSAGE_SQL, match, limit, scope, rs -> new SearchHit(rs.getString("session_id"), rs.getString("title"),
                rs.getString("id"), rs.getString("role"), render(rs.getString("snip")), -rs.getDouble("rank_score"),
                Timestamps.parse(rs.getString("created_at"))));
    }

    private static List<SearchHit> titleHits(Connection c, String match, int limit, OwnerScope scope) throws SQLException {
        return query(c, TITLE_SQL, match, limit, scope, rs -> new SearchHit(rs.getString("id"), rs.getString("title"), null, null,
                render(rs.getString("snip")), -rs.getDouble("rank_score"), Timestamps.parse(rs.getString("created_at"))));
    }

    private interface HitMapper {
        SearchHit map(ResultSet rs) throws SQLException;
    }

    /** Both searches bind the same parameters: snippet markers, the MATCH expression, the owner scope, the limit. */
    private static List<SearchHit> query(Connection c, String sql, String match, int limit, OwnerScope scope, HitMapper mapper)
            throws SQLException {
        List<SearchHit> hits = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, OPEN);
            ps.setString(2, CLOSE);
            ps.setString(3, match);
            ps.setInt(scope.bind(ps, 4), limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(mapper.map(rs));
                }
            }
        }
        return hits;
    }

    /** HTML-escapes the snippet so stored text cannot inject markup, then turns the markers into <mark>. */
    static String render(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\uE000' -> sb.append("<mark>");
                case '\uE001' -> sb.append("</mark>");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
