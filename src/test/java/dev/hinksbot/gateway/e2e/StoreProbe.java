package dev.hinksbot.gateway.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a gateway's database file from the test JVM (its own read connection, beside the gateway's writer in WAL
 * mode), to see what a crash leaves behind.
 */
final class StoreProbe {
    /** One stored message as the store holds it. */
    record Row(String sessionId, String role, String content, String status) {
    }

    private final Path db;

    StoreProbe(Path db) {
        this.db = db;
    }

    List<Row> messages(String role) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT session_id, role, content, status FROM messages WHERE (? IS NULL OR role = ?) ORDER BY seq")) {
            ps.setString(1, role);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /** Waits until an assistant message is stored with this status and some text; returns it. */
    Row awaitAssistant(String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Row> last = List.of();
        while (System.nanoTime() < deadline) {
            try {
                last = messages("assistant");
                Optional<Row> found = last.stream()
                        .filter(r -> status.equals(r.status()) && r.content() != null && !r.content().isEmpty()).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (SQLException busyOrNotThereYet) {
                // the gateway is still creating the file or holds a lock for a moment
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no assistant message with status " + status + " within " + timeout + "; last: " + last);
    }

    /** Texts of outbox rows with this status, oldest first. */
    List<String> outbox(String status) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT chat_id, text FROM outbox WHERE status = ? ORDER BY seq")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "|" + rs.getString(2));
                }
            }
        }
        return out;
    }

    String integrityCheck() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }
}
