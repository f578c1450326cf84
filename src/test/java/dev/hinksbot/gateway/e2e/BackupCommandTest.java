package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.SessionRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hinksbot backup FILE` against a database that is being written meanwhile, as a running gateway writes it. */
class BackupCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderWritesIsIntactAndHoldsTheRowsCommittedBeforeIt() throws Exception {
        Path db = dir.resolve("gateway.db");
        Path copy = dir.resolve("backup.db");
        AtomicInteger committed = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (Database live = Database.open(db)) {
            SessionRepository sessions = new SessionRepository(live);
            for (int i = 0; i < 200; i++) {
                sessions.create("before-" + i, "before " + i, null, List.of());
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    sessions.create("during-" + committed.get(), "during", null, List.of());
                    committed.incrementAndGet();
                }
            });
            while (committed.get() < 20) {
                Thread.onSpinWait();
            }
            int before = committed.get();
            String out = CliRunner.cliOut("backup", "--database", db.toString(), copy.toString());
            int after = committed.get();
            writing.set(false);
            writer.join();
            assertThat(out).contains("backup written to " + copy).contains("integrity_check ok");
            assertThat(committed.get()).as("the gateway kept writing during the backup").isGreaterThan(before);

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("ok");
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sessions WHERE id LIKE 'before-%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(200);
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sessions WHERE id LIKE 'during-%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("one consistent snapshot taken during the command").isBetween(before, after);
                }
            }
        }
    }

    @Test
    void neverOverwritesAndSaysWhy() throws Exception {
        Path db = dir.resolve("gateway.db");
        try (Database d = Database.open(db)) {
            new SessionRepository(d).create("s1", "one", null, List.of());
        }
        Path existing = dir.resolve("precious.db");
        Files.writeString(existing, "not a backup, and not to be lost");
        Err err = new Err();
        try (err) {
            assertThat(cli("backup", "--database", db.toString(), existing.toString())).isEqualTo(1);
            assertThat(cli("backup", "--database", dir.resolve("nothing.db").toString(), dir.resolve("b.db").toString())).isEqualTo(1);
            assertThat(cli("backup", "--database", db.toString(), dir.resolve("no/such/folder/b.db").toString())).isEqualTo(1);
        }
        assertThat(Files.readString(existing)).isEqualTo("not a backup, and not to be lost");
        assertThat(err.text()).contains("precious.db already exists; a backup never overwrites a file")
                .contains("no database at " + dir.resolve("nothing.db"))
                .contains("does not exist")
                .doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("b.db")).doesNotExist();
    }

    /** stderr while open. */
    private static final class Err implements AutoCloseable {
        private final PrintStream old = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Err() {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(old);
        }
    }
}
