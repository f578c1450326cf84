package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.enc;
import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions over REST: CRUD, listing order and pagination, messages, export, search. */
class RestSessionsTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();



    private static JsonNode create(String json) throws Exception {
        return json(live.gateway().post("/api/v1/sessions", json), 201);
    }

    /** One user message and the model's answer, through the public WebSocket. */
    private static void chat(String sessionId, String userText, String answer) throws Exception {
        live.llama().enqueue(Reply.text(answer));
        try (WsTestClient ws = live.gateway().connect(sessionId)) {
            ws.sendUserMessage(userText);
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("type").asText()).isEqualTo("stream_end");
        }
    }

    /** Waits (briefly, by spinning) until the wall clock has passed {@code t}, so the next write sorts after it. */
    private static void clockPast(String isoTime) {
        Instant t = Instant.parse(isoTime);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!Instant.now().isAfter(t.plusMillis(1)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void createsASessionWithDefaultsAndGetsIt() throws Exception {
        HttpResponse<String> r = live.gateway().post("/api/v1/sessions", "{}");
        JsonNode created = json(r, 201);
        String id = created.path("id").asText();
        assertThat(id).startsWith("sess_").hasSizeGreaterThan(10);
        assertThat(created.path("title").asText()).isEqualTo("New chat");
        assertThat(created.path("model").isNull()).isTrue();
        assertThat(created.path("system_prompt").isNull()).isTrue();
        assertThat(created.path("tool_options").isNull()).isTrue();
        assertThat(created.path("max_turns").isNull()).isTrue();
        assertThat(created.path("message_count").asInt()).isZero();
        assertThat(created.path("active_run_id").isNull()).isTrue();
        assertThat(Instant.parse(created.path("created_at").asText())).isNotNull();
        assertThat(created.path("updated_at").asText()).isEqualTo(created.path("created_at").asText());

        JsonNode got = json(live.gateway().get("/api/v1/sessions/" + id), 200);
        assertThat(got).isEqualTo(created);

        // An empty body is the same as {}.
        JsonNode empty = json(live.gateway().send(live.gateway().request("/api/v1/sessions")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()), 201);
        assertThat(empty.path("id").asText()).startsWith("sess_").isNotEqualTo(id);
    }

    @Test
    void createsASessionWithEveryField() throws Exception {
        JsonNode s = create("{\"title\":\"  Trip planning \",\"model\":\"qwen\",\"system_prompt\":\"Be brief.\","
                + "\"tool_options\":[\"file\",\"search\"],\"max_turns\":7}");
        assertThat(s.path("title").asText()).isEqualTo("Trip planning");
        assertThat(s.path("model").asText()).isEqualTo("qwen");
        assertThat(s.path("system_prompt").asText()).isEqualTo("Be brief.");
        assertThat(s.path("tool_options")).extracting(JsonNode::asText).containsExactly("file", "search");
        assertThat(s.path("max_turns").asInt()).isEqualTo(7);
        assertThat(json(live.gateway().get("/api/v1/sessions/" + s.path("id").asText()), 200)).isEqualTo(s);
    }

    @Test
    void patchesEachFieldAndKeepsTheOthers() throws Exception {
        JsonNode s = create("{\"title\":\"Before\"}");
        String id = s.path("id").asText();
        clockPast(s.path("updated_at").asText());

        JsonNode p = json(live.gateway().patch("/api/v1/sessions/" + id, "{\"title\":\"After\"}"), 200);
        assertThat(p.path("title").asText()).isEqualTo("After");
        assertThat(p.path("model").isNull()).isTrue();
        assertThat(Instant.parse(p.path("updated_at").asText())).isAfter(Instant.parse(s.path("updated_at").asText()));

        p = json(live.gateway().patch("/api/v1/sessions/" + id, "{\"model\":\"llama-3\",\"system_prompt\":\"You are terse.\"}"), 200);
        assertThat(p.path("title").asText()).isEqualTo("After");
        assertThat(p.path("model").asText()).isEqualTo("llama-3");
        assertThat(p.path("system_prompt").asText()).isEqualTo("You are terse.");

        p = json(live.gateway().patch("/api/v1/sessions/" + id, "{\"tool_options\":[\"file\"],\"max_turns\":3}"), 200);
        assertThat(p.path("tool_options")).extracting(JsonNode::asText).containsExactly("file");
        assertThat(p.path("max_turns").asInt()).isEqualTo(3);
        assertThat(p.path("system_prompt").asText()).isEqualTo("You are terse.");

        JsonNode got = json(live.gateway().get("/api/v1/sessions/" + id), 200);
        assertThat(got.path("title").asText()).isEqualTo("After");
        assertThat(got.path("model").asText()).isEqualTo("llama-3");
        assertThat(got.path("system_prompt").asText()).isEqualTo("You are terse.");
        assertThat(got.path("tool_options")).extracting(JsonNode::asText).containsExactly("file");
        assertThat(got.path("max_turns").asInt()).isEqualTo(3);

        error(live.gateway().patch("/api/v1/sessions/" + id, "{\"title\":\"   \"}"), 400, "invalid_field");
        error(live.gateway().patch("/api/v1/sessions/" + id, "{\"max_turns\":0}"), 400, "invalid_field");
        error(live.gateway().patch("/api/v1/sessions/sess_doesNotExist", "{\"title\":\"x\"}"), 404, "session_not_found");
    }

    @Test
    void listsNewestActivityFirstWithPagination() throws Exception {
        List<String> ids = new ArrayList<>();
        String last = null;
        for (int i = 0; i < 3; i++) {
            if (last != null) {
                clockPast(last);
            }
            JsonNode s = create("{\"title\":\"List " + i + "\"}");
            ids.add(s.path("id").asText());
            last = s.path("updated_at").asText();
        }
        // Activity on the oldest one moves it to the top.
        clockPast(last);
        json(live.gateway().patch("/api/v1/sessions/" + ids.get(0), "{\"title\":\"List 0 touched\"}"), 200);

        JsonNode all = json(live.gateway().get("/api/v1/sessions?limit=200"), 200);
        long total = all.path("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        List<String> order = StreamSupport.stream(all.path("sessions").spliterator(), false)
                .map(n -> n.path("id").asText()).toList();
        assertThat(order.subList(0, 3)).containsExactly(ids.get(0), ids.get(2), ids.get(1));
        List<String> updated = StreamSupport.stream(all.path("sessions").spliterator(), false)
                .map(n -> n.path("updated_at").asText()).toList();
        assertThat(updated).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode p1 = json(live.gateway().get("/api/v1/sessions?page=1&limit=2"), 200);
        assertThat(p1.path("page").asInt()).isEqualTo(1);
        assertThat(p1.path("limit").asInt()).isEqualTo(2);
        assertThat(p1.path("total").asLong()).isEqualTo(total);
        assertThat(p1.path("sessions")).hasSize(2);
        JsonNode p2 = json(live.gateway().get("/api/v1/sessions?page=2&limit=2"), 200);
        assertThat(p2.path("page").asInt()).isEqualTo(2);
        List<String> paged = new ArrayList<>();
        p1.path("sessions").forEach(n -> paged.add(n.path("id").asText()));
        p2.path("sessions").forEach(n -> paged.add(n.path("id").asText()));
        assertThat(paged).containsExactlyElementsOf(order.subList(0, Math.min(4, order.size())));

        JsonNode beyond = json(live.gateway().get("/api/v1/sessions?page=1000&limit=2"), 200);
        assertThat(beyond.path("sessions")).isEmpty();
        assertThat(beyond.path("total").asLong()).isEqualTo(total);
    }

    @Test
    void messagesArePaginatedOldestFirst() throws Exception {
        String id = create("{\"title\":\"Messages\"}").path("id").asText();
        chat(id, "first question about otters", "First answer.");
        chat(id, "second question about badgers", "Second answer.");

        JsonNode all = json(live.gateway().get("/api/v1/sessions/" + id + "/messages"), 200);
        assertThat(all.path("session_id").asText()).isEqualTo(id);
        assertThat(all.path("total").asInt()).isEqualTo(4);
        assertThat(all.path("messages")).extracting(m -> m.path("role").asText())
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(all.path("messages")).extracting(m -> m.path("content").asText())
                .containsExactly("first question about otters", "First answer.", "second question about badgers", "Second answer.");
        assertThat(all.path("messages").get(0).path("id").asText()).startsWith("msg_");
        assertThat(all.path("messages").get(0).path("session_id").asText()).isEqualTo(id);

        JsonNode p1 = json(live.gateway().get("/api/v1/sessions/" + id + "/messages?page=1&limit=3"), 200);
        assertThat(p1.path("page").asInt()).isEqualTo(1);
        assertThat(p1.path("limit").asInt()).isEqualTo(3);
        assertThat(p1.path("total").asInt()).isEqualTo(4);
        assertThat(p1.path("messages")).extracting(m -> m.path("content").asText())
                .containsExactly("first question about otters", "First answer.", "second question about badgers");
        JsonNode p2 = json(live.gateway().get("/api/v1/sessions/" + id + "/messages?page=2&limit=3"), 200);
        assertThat(p2.path("messages")).extracting(m -> m.path("content").asText()).containsExactly("Second answer.");

        assertThat(json(live.gateway().get("/api/v1/sessions/" + id), 200).path("message_count").asInt()).isEqualTo(4);
        error(live.gateway().get("/api/v1/sessions/sess_nope/messages"), 404, "session_not_found");
    }

    @Test
    void exportsJsonAndMarkdown() throws Exception {
        String id = create("{\"title\":\"Export me\"}").path("id").asText();
        chat(id, "how do penguins sleep?", "Standing up, mostly.");

        HttpResponse<String> jr = live.gateway().get("/api/v1/sessions/" + id + "/export?format=json");
        JsonNode exported = json(jr, 200);
        assertThat(exported.path("session").path("id").asText()).isEqualTo(id);
        assertThat(exported.path("session").path("title").asText()).isEqualTo("Export me");
        assertThat(exported.path("messages")).extracting(m -> m.path("content").asText())
                .containsExactly("how do penguins sleep?", "Standing up, mostly.");
        assertThat(jr.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(id + ".json"));

        // json is the default format
        assertThat(json(live.gateway().get("/api/v1/sessions/" + id + "/export"), 200)).isEqualTo(exported);

        HttpResponse<String> md = live.gateway().get("/api/v1/sessions/" + id + "/export?format=md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/markdown"));
        assertThat(md.body()).startsWith("# Export me").contains("how do penguins sleep?", "Standing up, mostly.", id);
        RestAssert.clean(md);

        error(live.gateway().get("/api/v1/sessions/" + id + "/export?format=pdf"), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/sessions/sess_nope/export?format=md"), 404, "session_not_found");
    }

    @Test
    void searchFindsMessageTextWithHighlightedSnippets() throws Exception {
        String id = create("{\"title\":\"Search target\"}").path("id").asText();
        chat(id, "tell me about the quokkaesque marsupial", "The quokkaesque marsupial lives on Rottnest Island.");

        HttpResponse<String> r = live.gateway().get("/api/v1/sessions/search?q=quokkaesque");
        JsonNode body = json(r, 200);
        assertThat(body.path("query").asText()).isEqualTo("quokkaesque");
        List<JsonNode> hits = StreamSupport.stream(body.path("results").spliterator(), false).toList();
        assertThat(hits).hasSize(2).allSatisfy(h -> {
            assertThat(h.path("session_id").asText()).isEqualTo(id);
            assertThat(h.path("session_title").asText()).isEqualTo("Search target");
            assertThat(h.path("message_id").asText()).startsWith("msg_");
            assertThat(h.path("snippet").asText()).contains("<mark>quokkaesque</mark>");
        });
        assertThat(hits).extracting(h -> h.path("role").asText()).containsExactlyInAnyOrder("user", "assistant");

        // Prefix search and limit.
        JsonNode prefix = json(live.gateway().get("/api/v1/sessions/search?q=" + enc("quokkaes*") + "&limit=1"), 200);
        assertThat(prefix.path("results")).hasSize(1);

        // Titles are searchable too.
        JsonNode title = json(live.gateway().get("/api/v1/sessions/search?q=target"), 200);
        assertThat(title.path("results")).anySatisfy(h -> assertThat(h.path("session_id").asText()).isEqualTo(id));

        // Nothing found is an empty list, not an error.
        assertThat(json(live.gateway().get("/api/v1/sessions/search?q=zzyzxnotthere"), 200).path("results")).isEmpty();
    }

    @Test
    void searchIsNotShadowedBySessionIdRoute() throws Exception {
        // Would be 404 session_not_found if /sessions/{id} caught "search".
        JsonNode body = json(live.gateway().get("/api/v1/sessions/search?q=anything"), 200);
        assertThat(body.has("results")).isTrue();
        error(live.gateway().get("/api/v1/sessions/search"), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/sessions/search?q="), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/sessions/search?q=" + enc("   ")), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/sessions/search?q=" + "a".repeat(501)), 400, "invalid_parameter");
    }

    @Test
    void hostileSearchQueriesNeverFail() throws Exception {
        for (String q : List.of("\"", "(", ")", "AND", "OR", "NOT", "*", "**", "-", "NEAR(", "a AND", "\"unbalanced",
                "col:val", "^start", "a OR b NOT c", "{x}", "'; DROP TABLE messages; --", "%", "\\", "<script>", "🦘",
                "quokka*", "* quokka", "x\"y", "[a]", "a+b", "NEAR(a b, 2)", "+", "a\u0000b", "\"".repeat(500),
                "w ".repeat(40).trim(), "a:b:c", "quokka OR", "(quokka)", "quokka\"", "ünïcödé", "x\ty")) {
            HttpResponse<String> r = live.gateway().get("/api/v1/sessions/search?q=" + enc(q));
            JsonNode body = json(r, 200);
            assertThat(body.path("results").isArray()).as("results for %s", q).isTrue();
        }
        // Only control characters: blank once trimmed, like a missing q.
        error(live.gateway().get("/api/v1/sessions/search?q=" + enc("\u0000")), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/sessions/search?q=x&limit=abc"), 400, "invalid_parameter");
    }

    @Test
    void deleteRemovesTheSessionAndItsMessagesFromSearch() throws Exception {
        String id = create("{\"title\":\"Doomed\"}").path("id").asText();
        chat(id, "the word is xylophonist", "Noted: xylophonist.");
        assertThat(json(live.gateway().get("/api/v1/sessions/search?q=xylophonist"), 200).path("results")).isNotEmpty();

        JsonNode deleted = json(live.gateway().delete("/api/v1/sessions/" + id), 200);
        assertThat(deleted.path("id").asText()).isEqualTo(id);
        assertThat(deleted.path("deleted").asBoolean()).isTrue();

        error(live.gateway().get("/api/v1/sessions/" + id), 404, "session_not_found");
        error(live.gateway().get("/api/v1/sessions/" + id + "/messages"), 404, "session_not_found");
        error(live.gateway().delete("/api/v1/sessions/" + id), 404, "session_not_found");
        assertThat(json(live.gateway().get("/api/v1/sessions/search?q=xylophonist"), 200).path("results")).isEmpty();
        assertThat(json(live.gateway().get("/api/v1/sessions/search?q=Doomed"), 200).path("results")).isEmpty();
        JsonNode list = json(live.gateway().get("/api/v1/sessions?limit=200"), 200);
        assertThat(list.path("sessions")).noneSatisfy(s -> assertThat(s.path("id").asText()).isEqualTo(id));
    }

    @Test
    void unknownSessionIs404() throws Exception {
        JsonNode e = error(live.gateway().get("/api/v1/sessions/sess_unknown123"), 404, "session_not_found");
        assertThat(e.path("error").path("message").asText()).contains("sess_unknown123");
        error(live.gateway().delete("/api/v1/sessions/sess_unknown123"), 404, "session_not_found");
        assertThat(Json.write(e)).doesNotContain("Exception");
    }
}
