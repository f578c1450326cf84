package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void opensInWalModeCreatingParentDirectories() {
        Path file = dir.resolve("nested/deeper/gateway.db");
        try (Database db = Database.open(file)) {
            assertThat(Files.exists(file)).isTrue();
            assertThat(db.file()).isEqualTo(file.toAbsolutePath());
            assertThat(db.journalMode()).isEqualToIgnoringCase("wal");
            assertThat(db.<String>read(c -> query(c.createStatement(), "PRAGMA journal_mode"))).isEqualToIgnoringCase("wal");
            assertThat(db.<String>write(c -> query(c.createStatement(), "PRAGMA foreign_keys"))).isEqualTo("1");
            assertThat(db.<String>write(c -> query(c.createStatement(), "PRAGMA synchronous"))).isEqualTo("1"); // NORMAL
            assertThat(db.integrityOk()).isTrue();
        }
    }

    @Test
    void migrationsAreAppliedOnceAndReopenIsANoOp() throws Exception {
        Path file = dir.resolve("gateway.db");
        List<String> scripts = migrationFiles();
        String latest = scripts.stream().map(n -> n.substring(1, n.indexOf("__"))).max(java.util.Comparator.comparingInt(Integer::parseInt)).orElseThrow();
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(latest);
        }
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(latest);
            assertThat(db.<String>read(c -> query(c.createStatement(), "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")))
                    .isEqualTo(String.valueOf(scripts.size()));
            assertThat(db.<String>read(c -> query(c.createStatement(),
                    "SELECT description || '|' || script FROM flyway_schema_history WHERE version = '1'")))
                    .isEqualTo("init|V1__init.sql");
        }
        assertThat(SchemaMigrations.standard().migrate("jdbc:sqlite:" + file, Duration.ofSeconds(5)).applied()).isZero();
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        Path file = dir.resolve("gateway.db");
        String id;
        try (Database db = Database.open(file)) {
            Session s = new SessionRepository(db).create(null, "Persistent", "m1", List.of("web_fetch"));
            new MessageRepository(db).append(StoredMessage.user(s.id(), "run_1", "remember me"));
            id = s.id();
        }
        try (Database db = Database.open(file)) {
            assertThat(new SessionRepository(db).find(id)).get()
                    .satisfies(s -> {
                        assertThat(s.title()).isEqualTo("Persistent");
                        assertThat(s.toolOptions()).containsExactly("web_fetch");
                        assertThat(s.messageCount()).isEqualTo(1);
                    });
            assertThat(new MessageRepository(db).all(id)).extracting(StoredMessage::content).containsExactly("remember me");
            assertThat(new SearchRepository(db).search("remember", 10)).hasSize(1);
        }
    }

    @Test
    void failedWriteIsRolledBackAndReadsCannotWrite() {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            SessionRepository sessions = new SessionRepository(db);
            assertThatThrownBy(() -> db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, title, created_at, updated_at)"
                        + " VALUES ('s1', 't', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")) {
                    ps.executeUpdate();
                }
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(sessions.find("s1")).isEmpty();

            assertThatThrownBy(() -> db.read(c -> c.createStatement().executeUpdate("DELETE FROM sessions")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("SQLITE_READONLY");

            // Writes still work after both failures, and a nested write joins the outer transaction.
            db.write(c -> {
                sessions.create("outer", "Outer", null, null);
                return null;
            });
            assertThat(sessions.find("outer")).isPresent();
            assertThatThrownBy(() -> db.write(c -> {
                sessions.create("nested", "Nested", null, null);
                throw new IllegalStateException("outer fails after nested write");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(sessions.find("nested")).isEmpty();
        }
    }

    @Test
    void constraintViolationsBecomeStoreExceptionsWithoutValues() {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            SessionRepository sessions = new SessionRepository(db);
            sessions.create("dup", "secret title sk-123", null, null);
            assertThatThrownBy(() -> sessions.create("dup", "secret title sk-123", null, null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("SQLITE_CONSTRAINT")
                    .hasMessageNotContaining("sk-123");
        }
    }

    @Test
    void closedDatabaseRefusesWork() {
        Database db = Database.open(dir.resolve("gateway.db"));
        db.close();
        db.close(); // idempotent
        assertThat(db.isClosed()).isTrue();
        assertThatThrownBy(() -> db.read(c -> 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.write(c -> 1)).isInstanceOf(IllegalStateException.class);
    }

    /** Flyway finds every V-file by itself: the only thing a new migration needs is its file. */
    private List<String> migrationFiles() throws Exception {
        URL url = getClass().getClassLoader().getResource("db/migration");
        assertThat(url).isNotNull();
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList();
        }
    }

    private static String query(Statement s, String sql) throws java.sql.SQLException {
        try (s; ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
