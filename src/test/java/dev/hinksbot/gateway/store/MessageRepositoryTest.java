package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.fakes.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageRepositoryTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T16:10:02.123Z"));
    private Database db;
    private SessionRepository sessions;
    private MessageRepository messages;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("gateway.db"));
        sessions = new SessionRepository(db, clock);
        messages = new MessageRepository(db, clock);
        sessions.create("s", "Chat", null, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void messagesInTheSameMillisecondKeepInsertionOrder() {
        // The clock never moves: every message has the identical created_at.
        List<String> expected = IntStream.range(0, 300).mapToObj(i -> "m" + i).toList();
        for (String content : expected) {
            messages.append(StoredMessage.user("s", "r", content));
        }
        assertThat(messages.all("s")).extracting(StoredMessage::content).containsExactlyElementsOf(expected);
        assertThat(messages.all("s")).extracting(StoredMessage::createdAt).containsOnly(clock.instant());

        Page<StoredMessage> page = messages.page("s", 3, 50);
        assertThat(page.total()).isEqualTo(300);
        assertThat(page.items()).extracting(StoredMessage::content).containsExactlyElementsOf(expected.subList(100, 150));
    }

    @Test
    void appendFillsDefaultsAndRoundTripsEveryField() {
        StoredMessage saved = messages.append(new StoredMessage(null, "s", "run_1", "assistant", "Hello",
                "thinking…", "[{\"id\":\"call_1\"}]", null, null, null, 42, 100, 42, 1234L, null));
        assertThat(saved.id()).matches("msg_[A-Za-z0-9_-]{24}");
        assertThat(saved.status()).isEqualTo("complete");
        assertThat(saved.createdAt()).isEqualTo(clock.instant());
        assertThat(messages.find(saved.id())).contains(saved);

        StoredMessage tool = messages.append(StoredMessage.tool("s", "run_1", "call_1", "shell", "exit 0"));
        assertThat(messages.find(tool.id()).orElseThrow())
                .extracting(StoredMessage::toolCallId, StoredMessage::toolName, StoredMessage::tokenCount)
                .containsExactly("call_1", "shell", null);
    }

    @Test
    void cancelledAndFailedPartialMessagesArePersisted() {
        messages.append(StoredMessage.user("s", "r1", "write me a poem"));
        StoredMessage partial = messages.append(
                StoredMessage.assistant("s", "r1", "Roses are red, vio", null, null).withStatus("cancelled"));
        messages.append(StoredMessage.assistant("s", "r2", "", null, null).withStatus("failed"));

        assertThat(messages.all("s")).extracting(StoredMessage::status, StoredMessage::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("complete", "write me a poem"),
                        org.assertj.core.groups.Tuple.tuple("cancelled", "Roses are red, vio"),
                        org.assertj.core.groups.Tuple.tuple("failed", ""));
        assertThat(new SearchRepository(db).search("roses", 5)).extracting(SearchHit::messageId)
                .containsExactly(partial.id());
    }

    @Test
    void updatingAStreamedMessageKeepsSearchInSync() {
        StoredMessage draft = messages.append(StoredMessage.assistant("s", "r", "penguins", null, null)
                .withStatus("cancelled"));
        StoredMessage done = messages.update(draft.withContent("giraffes").withStatus("complete")
                .withUsage(3, 10, 3, 50L)).orElseThrow();
        assertThat(done.status()).isEqualTo("complete");
        assertThat(done.promptTokens()).isEqualTo(10);
        SearchRepository search = new SearchRepository(db);
        assertThat(search.search("penguins", 5)).isEmpty();
        assertThat(search.search("giraffes", 5)).hasSize(1);
        assertThat(messages.update(new StoredMessage("msg_missing", "s", "r", "assistant", "x", null, null, null,
                null, "complete", null, null, null, null, null))).isEmpty();
    }

    @Test
    void appendBumpsSessionUpdatedAt() {
        clock.advance(Duration.ofMinutes(5));
        messages.append(StoredMessage.user("s", "r", "hi"));
        assertThat(sessions.find("s").orElseThrow().updatedAt()).isEqualTo(clock.instant());
        // An imported older message does not move updated_at backwards.
        messages.append(StoredMessage.user("s", "r", "old").withCreatedAt(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(sessions.find("s").orElseThrow().updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void rejectsUnknownSessionAndBadValues() {
        assertThatThrownBy(() -> messages.append(StoredMessage.user("nope", "r", "hi")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Unknown session");
        assertThatThrownBy(() -> StoredMessage.user("s", "r", "x").withStatus("exploded"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(messages.all("s")).isEmpty();
    }
}
