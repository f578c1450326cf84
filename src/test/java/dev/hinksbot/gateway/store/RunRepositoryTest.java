package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hinksbot.gateway.fakes.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs and streamed answers in the store: checkpoints, start-up closing, the once-only restart notice, V10. */
class RunRepositoryTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T16:10:02.123Z"));

    private static StoredMessage draft(String id, String runId, String content) {
        return new StoredMessage(id, "s", runId, "assistant", content, null, null, null, null, StoredMessage.STREAMING,
                null, null, null, null, null);
    }

    @Test
    void checkpointsGrowAStreamingAnswerInPlaceAndNeverOverwriteTheFinalOne() {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            new SessionRepository(db, clock).create("s", "Chat", null, null);
            MessageRepository messages = new MessageRepository(db, clock);
            messages.append(StoredMessage.user("s", "run_1", "tell me"));

            assertThat(messages.checkpoint(List.of(draft("msg_a", "run_1", "Once")))).isEqualTo(1);
            assertThat(messages.checkpoint(List.of(draft("msg_a", "run_1", "Once upon")))).isEqualTo(1);
            messages.append(StoredMessage.tool("s", "run_1", "call_1", "t", "later"));
            assertThat(messages.all("s")).extracting(m -> m.role() + "|" + m.content() + "|" + m.status())
                    .containsExactly("user|tell me|complete", "assistant|Once upon|streaming", "tool|later|complete");

            messages.finish(new StoredMessage("msg_a", "s", "run_1", "assistant", "Once upon a time.", null, null, null, null,
                    StoredMessage.COMPLETE, 5, 10, 5, 900L, null));
            // A checkpoint that was on its way when the answer finished changes nothing.
            assertThat(messages.checkpoint(List.of(draft("msg_a", "run_1", "Once upon a")))).isZero();
            StoredMessage done = messages.find("msg_a").orElseThrow();
            assertThat(done.content()).isEqualTo("Once upon a time.");
            assertThat(done.status()).isEqualTo("complete");
            assertThat(messages.all("s").get(1).id()).as("the answer keeps its place").isEqualTo("msg_a");
            assertThat(new SearchRepository(db).search("time", 10)).hasSize(1);

            // Finishing an answer no checkpoint saw inserts it.
            messages.finish(new StoredMessage("msg_b", "s", "run_1", "assistant", "quick", null, null, null, null,
                    StoredMessage.COMPLETE, 1, null, null, null, null));
            assertThat(messages.all("s")).extracting(StoredMessage::id).endsWith("msg_b");
        }
    }

    @Test
    void startUpClosesRunsLeftRunningAsInterruptedAndMarksThePlaceOfAnAnswerThatNeverStarted() {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            new SessionRepository(db, clock).create("s", "Chat", null, null);
            MessageRepository messages = new MessageRepository(db, clock);
            RunRepository runs = new RunRepository(db, clock);
            runs.start("run_1", "s", "{\"chat\":1}", () -> messages.append(StoredMessage.user("s", "run_1", "one")));
            messages.checkpoint(List.of(draft("msg_1", "run_1", "partial")));
            runs.end("run_1", RunRepository.COMPLETED); // not really: shows that ended runs are left alone
            runs.start("run_2", "s", "{\"chat\":1}", () -> messages.append(StoredMessage.user("s", "run_2", "two")));
            messages.checkpoint(List.of(draft("msg_2", "run_2", "half an answer")));
            runs.start("run_3", "s", null, () -> messages.append(StoredMessage.user("s", "run_3", "three")));

            assertThat(runs.interruptAllRunning()).isEqualTo(2);
            assertThat(runs.find("run_1").orElseThrow().status()).isEqualTo("completed");
            assertThat(runs.find("run_2").orElseThrow().status()).isEqualTo("interrupted");
            assertThat(runs.find("run_3").orElseThrow().status()).isEqualTo("interrupted");
            assertThat(messages.all("s")).extracting(m -> m.role() + "|" + m.content() + "|" + m.status()).containsExactly(
                    "user|one|complete", "assistant|partial|interrupted", // a streaming answer without a running run
                    "user|two|complete", "assistant|half an answer|interrupted",
                    "user|three|complete", "assistant||interrupted");
            assertThat(runs.interruptAllRunning()).isZero();
            assertThat(runs.unnotified()).extracting(RunRepository.Run::id).containsExactly("run_2"); // run_3 has no chat
        }
    }

    @Test
    void aNoticeIsQueuedOnceAndNotMarkedWhenQueueingFails() {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            new SessionRepository(db, clock).create("s", "Chat", null, null);
            MessageRepository messages = new MessageRepository(db, clock);
            RunRepository runs = new RunRepository(db, clock);
            OutboxRepository outbox = new OutboxRepository(db, clock);
            runs.start("run_1", "s", "{\"chat\":1}", () -> messages.append(StoredMessage.user("s", "run_1", "one")));
            assertThat(runs.interrupt("run_1")).isTrue();

            assertThatThrownBy(() -> runs.markNotified("run_1", () -> {
                outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "1", null, "notice", null, 1, 1)));
                throw new IllegalStateException("the route failed after writing");
            })).hasMessageContaining("route failed");
            assertThat(outbox.count(OutboxRepository.PENDING)).as("rolled back with the mark").isZero();
            assertThat(runs.unnotified()).hasSize(1);

            List<String> queued = new ArrayList<>();
            Runnable queue = () -> queued.add(outbox.enqueue(List.of(
                    OutboxRepository.Row.of("telegram", "1", null, "notice", null, 1, 1))).get(0).id());
            assertThat(runs.markNotified("run_1", queue)).isTrue();
            assertThat(runs.markNotified("run_1", queue)).isFalse();
            assertThat(queued).hasSize(1);
            assertThat(outbox.count(OutboxRepository.PENDING)).isEqualTo(1);
            assertThat(runs.unnotified()).isEmpty();
        }
    }

    @Test
    void migrationTenKeepsExistingMessagesAndTheirSearchIndex() throws Exception {
        Path file = dir.resolve("old.db");
        // the schema as it was before V10, made by Flyway itself
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null)
                .locations(SchemaMigrations.LOCATION).target("9").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s', 'Old', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
            s.execute("INSERT INTO messages (id, seq, session_id, role, content, status, created_at) VALUES"
                    + " ('m1', 1, 's', 'user', 'where is the lighthouse', 'complete', '2026-01-01T00:00:00Z'),"
                    + " ('m2', 2, 's', 'assistant', 'by the harbour', 'cancelled', '2026-01-01T00:00:01Z')");
        }
        try (Database db = Database.open(file)) {
            MessageRepository messages = new MessageRepository(db, clock);
            assertThat(messages.all("s")).extracting(m -> m.id() + "|" + m.content() + "|" + m.status())
                    .containsExactly("m1|where is the lighthouse|complete", "m2|by the harbour|cancelled");
            SearchRepository search = new SearchRepository(db);
            assertThat(search.search("harbour", 10)).hasSize(1);
            messages.append(new StoredMessage(null, "s", "r", "assistant", "the lighthouse keeper", null, null, null, null,
                    StoredMessage.INTERRUPTED, null, null, null, null, null));
            assertThat(search.search("lighthouse", 10)).hasSize(2);
            assertThat(db.integrityOk()).isTrue();
        }
    }
}
