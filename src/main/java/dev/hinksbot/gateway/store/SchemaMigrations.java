package dev.hinksbot.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Brings a database file's schema up to date with Flyway. The scripts are {@code db/migration/V<n>__<words>.sql} on
 * the classpath (found by Flyway, no list to keep); what ran is recorded in {@code flyway_schema_history}. A file made
 * before Flyway (by the old hand-written runner, table {@code schema_version}) is baselined at its version, so its
 * scripts are not run again.
 */
final class SchemaMigrations {
    static final String LOCATION = "classpath:db/migration";
    static final String HISTORY = "flyway_schema_history";
    /** The old runner's table; kept in place (it is small) so an upgraded file still shows where it came from. */
    static final String LEGACY_HISTORY = "schema_version";

    record Outcome(int applied, String version) {
    }

    private final List<String> locations;

    SchemaMigrations(List<String> locations) {
        this.locations = List.copyOf(locations);
    }

    static SchemaMigrations standard() {
        return new SchemaMigrations(List.of(LOCATION));
    }

    /**
     * Applies pending migrations over a connection of its own (closed again before returning). Each migration runs in
     * one transaction begun IMMEDIATE: two processes opening the same file at once serialize on SQLite's write lock
     * (waiting up to {@code busyTimeout}) and the second sees what the first applied. A failing script is rolled back
     * whole and named in the exception; the migrations before it stay applied and the file stays usable.
     */
    Outcome migrate(String url, Duration busyTimeout) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(0, busyTimeout.toMillis())));
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl(url);
        try {
            FluentConfiguration config = Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(locations.toArray(String[]::new))
                    .table(HISTORY)
                    // A misnamed file (V12_x.sql, v12__x.sql) fails the start instead of being skipped silently.
                    .validateMigrationNaming(true)
                    // Versions are handed out per branch (V20 was taken while V12..V19 were still open): a lower
                    // version merged later is applied, not refused.
                    .outOfOrder(true)
                    // Not even Flyway's default "*:future": a file migrated by a newer build is refused (one line
                    // naming the version) rather than used with a schema this build does not know.
                    .ignoreMigrationPatterns(new String[0]);
            Optional<String> legacy = legacyVersion(dataSource);
            legacy.ifPresent(v -> config.baselineOnMigrate(true).baselineVersion(v)
                    .baselineDescription("schema_version " + v + " (before Flyway)"));
            MigrateResult result = config.load().migrate();
            return new Outcome(result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        } catch (FlywayMigrateException e) {
            throw failure("Migration " + e.getMigration().getScript() + " failed and was rolled back", e);
        } catch (FlywayException e) {
            throw failure("Schema migration failed", e);
        }
    }

    /**
     * The old runner's version when the file has its table and no Flyway history yet. Read inside a write
     * transaction: it also proves the lock can be had, so a file held by another process past the busy timeout fails
     * here as one clean StoreBusyException (in Flyway a failed BEGIN would be logged as a failed rollback too).
     */
    private static Optional<String> legacyVersion(SQLiteDataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                if (!tableExists(c, LEGACY_HISTORY) || tableExists(c, HISTORY)) {
                    return Optional.empty();
                }
                try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + LEGACY_HISTORY)) {
                    return rs.next() && rs.getObject(1) != null ? Optional.of(String.valueOf(rs.getInt(1))) : Optional.empty();
                }
            } finally {
                s.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            throw failure("Reading the schema version", e);
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The highest successfully applied (or baselined) version, "0" for a file without history. */
    static String currentVersion(Connection c) throws SQLException {
        if (!tableExists(c, HISTORY)) {
            return "0";
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY + " WHERE success = 1 AND version IS NOT NULL")) {
            MigrationVersion max = MigrationVersion.EMPTY;
            while (rs.next()) {
                MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                if (v.isNewerThan(max)) {
                    max = v;
                }
            }
            return max == MigrationVersion.EMPTY ? "0" : max.getVersion();
        }
    }

    /** Keeps the store's contract: a lock held elsewhere beyond the busy timeout is a StoreBusyException. */
    private static StoreException failure(String what, FlywayException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                StoreException wrapped = failure(what, sql);
                if (wrapped instanceof StoreBusyException) {
                    return wrapped;
                }
                break;
            }
        }
        // Flyway's hint about its own command line's -X option means nothing to a gateway user
        String message = String.valueOf(e.getMessage()).replaceAll("(?m)^Statement\\s*: Run Flyway with -X.*\\R?", "").strip();
        return new StoreException(what + ": " + message, e);
    }

    private static StoreException failure(String what, SQLException e) {
        StoreException wrapped = StoreException.wrap(what, e);
        if (wrapped.isBusy()) {
            return new StoreBusyException("the database is busy: another process held its lock for longer than "
                    + "gateway.database.busy-timeout while its schema was being checked; nothing was changed, try again", e);
        }
        return wrapped;
    }
}
