package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.fakes.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRepositoryTest {
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
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createFillsDefaults() {
        Session s = sessions.create(null, null, null, null);
        assertThat(s.id()).matches("sess_[A-Za-z0-9_-]{24}");
        assertThat(s.title()).isEqualTo("New chat");
        assertThat(s.toolOptions()).isNull();
        assertThat(s.createdAt()).isEqualTo(clock.instant()).isEqualTo(s.updatedAt());
        assertThat(sessions.find(s.id())).contains(s);
        assertThat(sessions.create(null, "  ", null, null).title()).isEqualTo("New chat");
        assertThat(sessions.create(null, null, null, null).id()).isNotEqualTo(s.id());
    }

    @Test
    void titleIfUntitledNamesOnlyASessionStillCalledNewChat() {
        Session untitled = sessions.findOrCreate("ws-1");
        assertThat(sessions.titleIfUntitled(untitled.id(), "  Trip to Porto ")).isTrue();
        assertThat(sessions.find("ws-1").orElseThrow().title()).isEqualTo("Trip to Porto");
        assertThat(sessions.titleIfUntitled("ws-1", "Second message")).isFalse();
        sessions.create("named", "Chosen", null, null);
        assertThat(sessions.titleIfUntitled("named", "First message")).isFalse();
        assertThat(sessions.find("named").orElseThrow().title()).isEqualTo("Chosen");
        assertThat(sessions.titleIfUntitled("missing", "x")).isFalse();
        assertThat(sessions.titleIfUntitled("ws-1", " ")).isFalse();
    }

    @Test
    void toolOptionsDistinguishDefaultsFromNoTools() {
        sessions.create("defaults", "a", "gpt", null);
        sessions.create("none", "b", "gpt", List.of());
        sessions.create("some", "c", "gpt", List.of("web_fetch", "shell"));
        assertThat(sessions.find("defaults").orElseThrow().toolOptions()).isNull();
        assertThat(sessions.find("none").orElseThrow().toolOptions()).isEmpty();
        assertThat(sessions.find("some").orElseThrow().toolOptions()).containsExactly("web_fetch", "shell");
        assertThat(sessions.find("missing")).isEmpty();
    }

    @Test
    void listsMostRecentlyUpdatedFirstWithPagination() {
        for (int i = 1; i <= 5; i++) {
            sessions.create("s" + i, "Chat " + i, null, null);
            clock.advance(Duration.ofSeconds(1));
        }
        sessions.touch("s2");
        clock.advance(Duration.ofSeconds(1));
        messages.append(StoredMessage.user("s4", "r", "hi"));

        Page<Session> first = sessions.list(1, 2);
        assertThat(first.items()).extracting(Session::id).containsExactly("s4", "s2");
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.page()).isEqualTo(1);
        assertThat(first.limit()).isEqualTo(2);
        assertThat(first.hasNext()).isTrue();
        assertThat(first.items().get(0).messageCount()).isEqualTo(1);
        assertThat(sessions.list(2, 2).items()).extracting(Session::id).containsExactly("s5", "s3");
        Page<Session> last = sessions.list(3, 2);
        assertThat(last.items()).extracting(Session::id).containsExactly("s1");
        assertThat(last.hasNext()).isFalse();
        assertThat(last.totalPages()).isEqualTo(3);
        assertThat(sessions.list(4, 2).items()).isEmpty();
        assertThat(sessions.list(0, 0).page()).isEqualTo(1); // clamped, not an error
    }

    @Test
    void patchChangesOnlyGivenFields() {
        sessions.create("s", "Original", "model-a", List.of("shell"));
        clock.advance(Duration.ofMinutes(1));
        Session patched = sessions.update("s", new SessionPatch("Renamed", null, "Be terse.", null, 7)).orElseThrow();
        assertThat(patched.title()).isEqualTo("Renamed");
        assertThat(patched.model()).isEqualTo("model-a");
        assertThat(patched.systemPrompt()).isEqualTo("Be terse.");
        assertThat(patched.toolOptions()).containsExactly("shell");
        assertThat(patched.maxTurns()).isEqualTo(7);
        assertThat(patched.updatedAt()).isEqualTo(clock.instant());
        assertThat(patched.createdAt()).isBefore(patched.updatedAt());

        Session again = sessions.update("s", new SessionPatch(null, "model-b", null, List.of(), null)).orElseThrow();
        assertThat(again.title()).isEqualTo("Renamed");
        assertThat(again.model()).isEqualTo("model-b");
        assertThat(again.toolOptions()).isEmpty();
        assertThat(again.maxTurns()).isEqualTo(7);

        assertThat(sessions.update("missing", SessionPatch.title("x"))).isEmpty();
    }

    @Test
    void deleteCascadesToMessagesToolExecutionsAndSearch() {
        ToolExecutionRepository tools = new ToolExecutionRepository(db, clock);
        SearchRepository search = new SearchRepository(db);
        sessions.create("doomed", "Zebra plans", null, null);
        sessions.create("kept", "Other", null, null);
        StoredMessage m = messages.append(StoredMessage.user("doomed", "r1", "the quokka is smiling"));
        messages.append(StoredMessage.user("kept", "r2", "a quokka elsewhere"));
        tools.record(new ToolExecution(null, m.id(), "doomed", "r1", "shell", "{}", "ok", true, null, 5, null));
        assertThat(search.search("quokka", 10)).hasSize(2);
        assertThat(search.search("zebra", 10)).hasSize(1);

        assertThat(sessions.delete("doomed")).isTrue();
        assertThat(sessions.delete("doomed")).isFalse();

        assertThat(sessions.find("doomed")).isEmpty();
        assertThat(messages.find(m.id())).isEmpty();
        assertThat(messages.all("doomed")).isEmpty();
        assertThat(tools.forSession("doomed")).isEmpty();
        assertThat(search.search("quokka", 10)).extracting(SearchHit::sessionId).containsExactly("kept");
        assertThat(search.search("zebra", 10)).isEmpty();
        assertThat(db.integrityOk()).isTrue();
        assertThat(db.<Boolean>write(c -> {
            // FTS5's own consistency check against the content view.
            c.createStatement().execute("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
            return true;
        })).isTrue();
    }
}
