package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway over the store's file: upgrading a pre-Flyway database in place, later migrations, failures, locks. */
class SchemaMigrationsTest {
    private static final Duration BUSY = Duration.ofSeconds(5);
    private static final SchemaMigrations WITH_LATER = new SchemaMigrations(
            List.of(SchemaMigrations.LOCATION, "classpath:db/test-migrations/later"));

    @TempDir
    Path dir;

    @Test
    void aDatabaseMadeByTheOldRunnerIsUpgradedInPlaceKeepingItsData() throws Exception {
        Path file = legacyCopy();
        assertThat(query(file, "SELECT MAX(version) FROM schema_version")).containsExactly("11");

        try (Database db = Database.open(file, BUSY, WITH_LATER)) {
            // baselined at the old runner's version: V1..V11 did not run again (they would fail on existing tables)
            assertThat(db.schemaVersion()).isEqualTo("9000");
            assertThat(db.<List<String>>read(c -> rows(c, "SELECT version || '|' || type FROM flyway_schema_history ORDER BY installed_rank")))
                    .containsExactly("11|BASELINE", "12|SQL", "13|SQL", "20|SQL", "9000|SQL");
            // the old rows are all there, and the later migration saw them
            assertThat(new SessionRepository(db).find("sess_legacy1")).get()
                    .satisfies(s -> assertThat(s.title()).isEqualTo("Lighthouse trip"));
            MessageRepository messages = new MessageRepository(db);
            assertThat(messages.all("sess_legacy1")).extracting(StoredMessage::content)
                    .containsExactly("where is the lighthouse", "by the harbour");
            assertThat(new RunRepository(db).find("run_legacy1")).get().extracting(RunRepository.Run::status).isEqualTo("completed");
            assertThat(new SettingsRepository(db).all()).containsEntry("model", "\"stories260K\"");
            assertThat(new OutboxRepository(db).count(OutboxRepository.PENDING)).isEqualTo(1);
            assertThat(new ToolExecutionRepository(db).forSession("sess_legacy1")).hasSize(1);
            assertThat(db.<List<String>>read(c -> rows(c, "SELECT note FROM later_notes"))).containsExactly("Lighthouse trip");
            assertThat(db.<List<String>>read(c -> rows(c, "SELECT total FROM later_counts"))).containsExactly("1");

            // old search index and triggers keep working on new rows
            SearchRepository search = new SearchRepository(db);
            assertThat(search.search("harbour", 10)).hasSize(1);
            messages.append(StoredMessage.user("sess_legacy1", "run_2", "and the harbour master"));
            assertThat(search.search("harbour", 10)).hasSize(2);
            assertThat(db.integrityOk()).isTrue();
            assertThat(db.journalMode()).isEqualToIgnoringCase("wal");
        }
        // the next start is a no-op; the old table stays as it was
        assertThat(WITH_LATER.migrate("jdbc:sqlite:" + file, BUSY).applied()).isZero();
        assertThat(query(file, "SELECT COUNT(*) FROM schema_version")).containsExactly("10");
    }

    @Test
    void aFailingMigrationNamesItsFileAndLeavesTheDatabaseUsable() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file)) {
            new SessionRepository(db).create("sess_keep", "Keep me", null, null);
        }
        SchemaMigrations broken = new SchemaMigrations(List.of(SchemaMigrations.LOCATION, "classpath:db/test-migrations/broken"));
        assertThatThrownBy(() -> Database.open(file, BUSY, broken))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("V9001__broken.sql")
                .hasMessageContaining("no such table: no_such_table");

        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo("20");
            assertThat(new SessionRepository(db).find("sess_keep")).isPresent();
            // the whole script was rolled back, including the statement before the failing one
            assertThat(db.<List<String>>read(c -> rows(c, "SELECT name FROM sqlite_master WHERE name = 'half_done'"))).isEmpty();
            assertThat(db.<List<String>>read(c -> rows(c, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0"))).containsExactly("0");
            new SessionRepository(db).create("sess_after", "Written after the failure", null, null);
            assertThat(new SessionRepository(db).find("sess_after")).isPresent();
        }
    }

    @Test
    void aLowerVersionMergedAfterAHigherOneIsStillApplied() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo("20");
        }
        SchemaMigrations withLate = new SchemaMigrations(List.of(SchemaMigrations.LOCATION, "classpath:db/test-migrations/late"));
        try (Database db = Database.open(file, BUSY, withLate)) {
            assertThat(db.<List<String>>read(c -> rows(c, "SELECT name FROM sqlite_master WHERE name = 'late_branch'")))
                    .containsExactly("late_branch");
            assertThat(db.schemaVersion()).isEqualTo("20");
        }
    }

    @Test
    void aDatabaseMigratedByANewerBuildIsRefused() throws Exception {
        Path file = dir.resolve("gateway.db");
        Database.open(file, BUSY, WITH_LATER).close();
        assertThatThrownBy(() -> Database.open(file, BUSY))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("9000");
        assertThat(query(file, "SELECT COUNT(*) FROM later_notes")).containsExactly("0");
    }

    @Test
    void twoProcessesOpeningANewFileAtOnceApplyEachMigrationOnce() throws Exception {
        Path file = dir.resolve("race.db");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> opens = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                opens.add(pool.submit(() -> WITH_LATER.migrate("jdbc:sqlite:" + file, Duration.ofSeconds(30)).applied()));
            }
            int applied = 0;
            for (Future<Integer> open : opens) {
                applied += open.get();
            }
            List<String> versions = query(file, "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL");
            assertThat(versions).doesNotHaveDuplicates().contains("1", "11", "9000");
            assertThat(applied).isEqualTo(versions.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherProcessHoldingTheWriteLockMakesAMigrationBusyNotBroken() throws Exception {
        Path file = dir.resolve("gateway.db");
        Database.open(file).close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> Database.open(file, Duration.ofMillis(300), WITH_LATER))
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("gateway.database.busy-timeout");
            s.execute("ROLLBACK");
        }
        try (Database db = Database.open(file, BUSY, WITH_LATER)) {
            assertThat(db.schemaVersion()).isEqualTo("9000");
        }
    }

    private Path legacyCopy() throws Exception {
        Path fixture = Paths.get(getClass().getClassLoader().getResource("db/legacy/gateway-v11.db").toURI());
        Path file = dir.resolve("gateway.db");
        Files.copy(fixture, file);
        return file;
    }

    private static List<String> query(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return rows(c, sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
