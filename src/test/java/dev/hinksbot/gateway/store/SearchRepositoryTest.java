package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchRepositoryTest {
    @TempDir
    Path dir;

    private Database db;
    private MessageRepository messages;
    private SearchRepository search;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("gateway.db"));
        SessionRepository sessions = new SessionRepository(db);
        messages = new MessageRepository(db);
        search = new SearchRepository(db);
        sessions.create("s1", "Kubernetes troubleshooting", null, null);
        sessions.create("s2", "Cooking", null, null);
        messages.append(StoredMessage.user("s1", "r1", "My pod keeps restarting, it runs out of memory after an hour"));
        messages.append(StoredMessage.assistant("s1", "r1",
                "Check the memory limits; a container that is running hot will be OOM-killed.", null, null));
        messages.append(StoredMessage.tool("s1", "r1", "c1", "shell", "kubectl output mentions memory pressure"));
        messages.append(StoredMessage.system("s1", "r1", "system text about memory"));
        messages.append(StoredMessage.user("s2", "r2", "How long should I boil an egg? <script>alert(1)</script> & co"));
        messages.append(StoredMessage.user("s2", "r2", "Café crème brûlée recipe, naïve question"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void findsWordsWithMarkedSnippetsBestFirst() {
        var hits = search.search("memory", 10);
        assertThat(hits).hasSize(2).allSatisfy(h -> {
            assertThat(h.sessionId()).isEqualTo("s1");
            assertThat(h.sessionTitle()).isEqualTo("Kubernetes troubleshooting");
            assertThat(h.snippet()).contains("<mark>memory</mark>");
            assertThat(h.role()).isIn("user", "assistant");
            assertThat(h.createdAt()).isNotNull();
        });
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void toolAndSystemMessagesAreNotIndexed() {
        assertThat(search.search("kubectl", 10)).isEmpty();
        assertThat(search.search("pressure", 10)).isEmpty();
    }

    @Test
    void stemmingMatchesWordForms() {
        assertThat(search.search("running", 10)).extracting(SearchHit::role).containsExactlyInAnyOrder("user", "assistant");
        assertThat(search.search("restarted", 10)).hasSize(1);
        assertThat(search.search("boiling eggs", 10)).hasSize(1);
    }

    @Test
    void prefixAndUnicodeQueriesWork() {
        assertThat(search.search("restar*", 10)).hasSize(1);
        assertThat(search.search("brûlée", 10)).hasSize(1);
        assertThat(search.search("café", 10)).hasSize(1);
    }

    @Test
    void sessionTitlesAreSearchable() {
        var hits = search.search("kubernetes", 10);
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.isTitleHit()).isTrue();
            assertThat(h.messageId()).isNull();
            assertThat(h.sessionId()).isEqualTo("s1");
            assertThat(h.snippet()).isEqualTo("<mark>Kubernetes</mark> troubleshooting");
        });
    }

    @Test
    void snippetsAreHtmlEscaped() {
        assertThat(search.search("egg", 10)).singleElement().satisfies(h -> {
            assertThat(h.snippet()).contains("<mark>egg</mark>").contains("&lt;script&gt;").doesNotContain("<script>");
            assertThat(h.snippet().replace("<mark>", "").replace("</mark>", "")).doesNotContain("<");
        });
    }

    @Test
    void blankQueriesGiveNothing() {
        assertThat(search.search(null, 10)).isEmpty();
        assertThat(search.search("   ", 10)).isEmpty();
        assertThat(search.search("memory", 0)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "foo AND (", "*", "NEAR(", "NEAR(memory pod, 2)", "memory OR", "-memory",
            "memory -pod", "\"memory", "memory\"", "col:memory", "content:memory", "^memory", "()", "'",
            "AND", "OR NOT", "+", "{a b}", "memory*", "**", "\\", "😀", "memory 😀", "\u0000", "a\"b\"c"})
    void hostileQueriesNeverThrow(String query) {
        assertThatCode(() -> search.search(query, 10)).doesNotThrowAnyException();
    }

    @Test
    void operatorsAreTreatedAsText() {
        // AND is just the word "and" (in neither memory message); "(" is dropped; nothing is a syntax error.
        assertThat(search.search("memory AND (", 10)).isEmpty();
        assertThat(search.search("NEAR(memory", 10)).isEmpty();
        assertThat(search.search("\"memory\"", 10)).hasSize(2);
        assertThat(search.search("-memory", 10)).hasSize(2);
    }
}
