package dev.hinksbot.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * A consistent copy of a live database: {@code VACUUM INTO} reads one snapshot through a read-only connection (WAL
 * lets the gateway keep writing meanwhile) and writes a compact single file; {@code PRAGMA integrity_check} then
 * reads the copy. Copying gateway.db with cp while the gateway runs can miss what is still in gateway.db-wal.
 */
public final class Backup {
    /** What was written: the file, its size and the copy's integrity_check answer ("ok"). */
    public record Result(Path file, long bytes, String integrity) {
    }

    /** Why there is no backup, in words for the person who asked for it. */
    public static final class BackupException extends RuntimeException {
        public BackupException(String message) {
            super(message);
        }
    }

    private Backup() {
    }

    public static Result run(Path database, Path target, Duration busyTimeout) {
        Path db = database.toAbsolutePath().normalize();
        Path copy = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(db)) {
            throw new BackupException("no database at " + db + " (gateway.database.path, or --database)");
        }
        if (Files.exists(copy)) {
            throw new BackupException(copy + " already exists; a backup never overwrites a file: name a new one");
        }
        if (copy.getParent() != null && !Files.isDirectory(copy.getParent())) {
            throw new BackupException("the folder " + copy.getParent() + " does not exist");
        }
        if (copy.equals(db)) {
            throw new BackupException("the backup cannot be the database itself");
        }
        try (Connection c = open(db, busyTimeout); PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, copy.toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new BackupException("could not copy " + db + ": " + explain(e, busyTimeout));
        }
        String integrity = integrity(copy, busyTimeout);
        if (!"ok".equals(integrity)) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // reported below either way
            }
            throw new BackupException("the copy failed integrity_check (" + integrity + "); it was removed. Run"
                    + " `hinksbot doctor` to check the database itself");
        }
        try {
            return new Result(copy, Files.size(copy), integrity);
        } catch (IOException e) {
            throw new BackupException("the copy was written but cannot be read: " + e.getMessage());
        }
    }

    /** {@code PRAGMA integrity_check} of a database file, read-only: "ok", or the problems it lists (at most 10). */
    public static String integrity(Path file, Duration busyTimeout) {
        try (Connection c = open(file, busyTimeout); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check(10)")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return String.join("; ", rows);
        } catch (SQLException e) {
            throw new BackupException("could not check " + file + ": " + explain(e, busyTimeout));
        }
    }

    private static Connection open(Path file, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private static String explain(SQLException e, Duration busyTimeout) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_BUSY") || m.contains("locked")) {
            return "the database stayed locked by another process for " + busyTimeout.toSeconds() + " s; try again";
        }
        if (m.contains("SQLITE_FULL")) {
            return "the disk is full";
        }
        if (m.contains("SQLITE_NOTADB")) {
            return "it is not an SQLite database";
        }
        if (m.contains("SQLITE_CANTOPEN")) {
            return "the file cannot be opened or created (permissions?)";
        }
        return m;
    }
}
