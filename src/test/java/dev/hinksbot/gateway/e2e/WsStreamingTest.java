package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.assertAlive;
import static dev.hinksbot.gateway.e2e.WsChecks.assertUserKept;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static dev.hinksbot.gateway.e2e.WsChecks.deltas;
import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static dev.hinksbot.gateway.e2e.WsChecks.roles;
import static dev.hinksbot.gateway.e2e.WsChecks.stored;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Pieces;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The happy path of the WebSocket protocol as a user sees it, plus session ids and malformed frames. */
class WsStreamingTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();



    @Test
    void deltasArriveInOrderAndTheEndCarriesUsage() throws Exception {
        String answer = "The quick brown fox jumps over the lazy dog, twice.";
        live.llama().enqueue(Reply.text(answer));
        try (WsTestClient ws = live.gateway().connect("stream-order")) {
            ws.sendUserMessage("Tell me about the fox.");
            JsonNode start = ws.awaitType("stream_start");
            String runId = start.path("run_id").asText();
            assertThat(runId).startsWith("run_");
            JsonNode end = ws.awaitType("stream_end");

            List<JsonNode> frames = ws.seen();
            assertThat(deltas(frames, "text")).containsExactlyElementsOf(Pieces.words(answer));
            assertThat(text(frames)).isEqualTo(answer);
            assertThat(deltas(frames, "reasoning")).isEmpty();
            assertThat(ofType(frames, "message_start")).hasSize(1);
            // Frame order: stream_start, message_start, deltas, stream_end — nothing of this run after the end.
            assertThat(frames.get(0).path("type").asText()).isEqualTo("stream_start");
            assertThat(frames.get(1).path("type").asText()).isEqualTo("message_start");
            assertThat(frames.get(frames.size() - 1)).isSameAs(end);
            assertThat(frames).allSatisfy(f -> assertThat(f.path("run_id").asText()).isEqualTo(runId));

            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
            JsonNode usage = end.path("usage");
            assertThat(usage.path("turns").asInt()).isEqualTo(1);
            assertThat(usage.path("prompt_tokens").asInt()).isPositive();
            assertThat(usage.path("completion_tokens").asInt()).isEqualTo(Pieces.words(answer).size());
            assertThat(usage.path("total_tokens").asInt())
                    .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
            assertThat(usage.has("duration_ms")).isTrue();
        }

        List<JsonNode> messages = stored(live.gateway(), "stream-order");
        assertThat(roles(messages)).containsExactly("user", "assistant");
        assertUserKept(messages, "Tell me about the fox.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo(answer);
        assertThat(messages.get(1).path("status").asText()).isEqualTo("complete");
    }

    @Test
    void reasoningArrivesAsReasoningBlocksBeforeTheText() throws Exception {
        String reasoning = "Two plus two is four, no carry needed.";
        String answer = "It is 4.";
        live.llama().enqueue(Reply.reasoningThenText(reasoning, answer));
        try (WsTestClient ws = live.gateway().connect("stream-reasoning")) {
            ws.sendUserMessage("What is 2+2?");
            ws.awaitType("stream_end");
            List<JsonNode> frames = ws.seen();
            assertThat(String.join("", deltas(frames, "reasoning"))).isEqualTo(reasoning);
            assertThat(text(frames)).isEqualTo(answer);
            List<JsonNode> blocks = ofType(frames, "content_block_delta");
            int lastReasoning = -1;
            int firstText = Integer.MAX_VALUE;
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).path("block_type").asText().equals("reasoning")) {
                    lastReasoning = i;
                } else {
                    firstText = Math.min(firstText, i);
                }
            }
            assertThat(lastReasoning).isLessThan(firstText);
        }
        List<JsonNode> messages = stored(live.gateway(), "stream-reasoning");
        assertThat(roles(messages)).containsExactly("user", "assistant");
        assertUserKept(messages, "What is 2+2?");
        assertThat(messages.get(1).path("content").asText()).isEqualTo(answer);
        assertThat(messages.get(1).path("reasoning").asText()).isEqualTo(reasoning);
    }

    /**
     * Regression: the consumer handles a connection's OPEN (which registers the socket and creates the session) and
     * its first frame on unordered worker threads; a message sent right after connecting used to be dropped
     * silently or fail with internal_error. Many connections at once make the reordering likely.
     */
    @Test
    void aMessageSentRightAfterConnectingIsAcceptedForANewSession() throws Exception {
        int n = 16;
        live.llama().setDefaultReply(Reply.text("Answered."));
        List<WsTestClient> clients = new java.util.ArrayList<>();
        String prefix = "race-" + System.nanoTime() + "-";
        try {
            for (int i = 0; i < n; i++) {
                clients.add(live.gateway().connect(prefix + i));
            }
            for (int i = 0; i < n; i++) {
                clients.get(i).sendUserMessage("Question " + i);
            }
            for (int i = 0; i < n; i++) {
                WsTestClient ws = clients.get(i);
                JsonNode first = ws.await(f -> true, Duration.ofSeconds(10));
                assertThat(first.path("type").asText()).as("first frame on connection %d: %s", i, first).isEqualTo("stream_start");
                assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
            }
        } finally {
            clients.forEach(WsTestClient::close);
            live.llama().setDefaultReply(Reply.text("Hello from the fake."));
        }
        for (int i = 0; i < n; i++) {
            List<JsonNode> messages = stored(live.gateway(), prefix + i);
            assertThat(roles(messages)).containsExactly("user", "assistant");
            assertUserKept(messages, "Question " + i);
        }
    }

    @Test
    void anUnknownSessionIsCreatedByConnecting() throws Exception {
        String id = "fresh-session-" + System.nanoTime();
        assertThat(live.gateway().get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        try (WsTestClient ws = live.gateway().connect(id)) {
            awaitTrue(() -> status("/api/v1/sessions/" + id) == 200, Duration.ofSeconds(5), "session " + id + " exists");
            JsonNode session = Json.parse(live.gateway().get("/api/v1/sessions/" + id).body());
            assertThat(session.path("id").asText()).isEqualTo(id);
            assertThat(session.path("message_count").asInt()).isZero();
            assertAlive(ws);
        }
    }

    @Test
    void anInvalidSessionIdIsRefusedWithAnErrorFrame() throws Exception {
        int requestsBefore = live.llama().chatRequests().size();
        try (WsTestClient ws = live.gateway().connect("a".repeat(200))) {
            awaitError(ws, "invalid_session_id");
            // Anything sent on such a connection is refused the same way; nothing reaches the model.
            ws.sendUserMessage("hello?");
            awaitError(ws, "invalid_session_id");
        }
        try (WsTestClient ws = live.gateway().connect("bad%20id")) {
            awaitError(ws, "invalid_session_id");
        }
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);
    }

    @Test
    void malformedFramesGetAnErrorAndTheConnectionStaysOpen() throws Exception {
        String session = "bad-frames";
        try (WsTestClient ws = live.gateway().connect(session)) {
            assertAlive(ws);
            ws.send("this is not json {");
            awaitError(ws, "invalid_json");
            assertAlive(ws);

            ws.send("{\"content\":\"no type here\"}");
            awaitError(ws, "invalid_frame");
            assertAlive(ws);

            ws.send("[1,2,3]");
            awaitError(ws, "invalid_frame");
            assertAlive(ws);

            ws.send("{\"type\":\"dance\"}");
            JsonNode unknown = awaitError(ws, "unknown_type");
            assertThat(unknown.path("message").asText()).contains("dance");
            assertAlive(ws);

            ws.send("{\"type\":\"user_message\"}");
            awaitError(ws, "invalid_message");
            assertAlive(ws);

            ws.send("{\"type\":\"user_message\",\"content\":\"   \"}");
            awaitError(ws, "invalid_message");
            assertAlive(ws);

            ws.send("{\"type\":\"user_message\",\"content\":42}");
            awaitError(ws, "invalid_message");
            assertAlive(ws);

            // None of that was stored or sent to the model; a proper message still works.
            assertThat(stored(live.gateway(), session)).isEmpty();
            live.llama().enqueue(Reply.text("All good."));
            ws.sendUserMessage("Now a real question.");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
        }
        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user", "assistant");
        assertUserKept(messages, "Now a real question.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("All good.");
    }

    private static int status(String path) {
        try {
            return live.gateway().get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void streamStartAndStreamEndCarryTheSameMessageIdEvenAcrossToolTurns() throws Exception {
        live.llama().enqueue(Reply.toolCalls(new dev.hinksbot.gateway.fakes.ToolCallSpec("call_seed", "get_location", "{}")));
        live.llama().enqueue(Reply.text("You are in Lisbon."));
        try (WsTestClient ws = live.gateway().connect("seed-ids")) {
            // A seed client announces its own tool in tool_options and answers the tool_call with a tool_result.
            ws.send("{\"type\":\"user_message\",\"content\":\"Where am I?\",\"tool_options\":[\"file_tools\","
                    + "{\"name\":\"get_location\",\"client_side\":true,\"description\":\"The user's city\"}]}");
            JsonNode call = ws.awaitType("tool_call");
            assertThat(call.path("tool").asText()).isEqualTo("get_location");
            assertThat(call.path("client_side").asBoolean()).isTrue();
            ws.send("{\"type\":\"tool_result\",\"tool_call_id\":\"call_seed\",\"result\":\"Lisbon\",\"error\":null}");
            JsonNode end = ws.awaitType("stream_end");
            JsonNode start = ofType(ws.seen(), "stream_start").get(0);
            assertThat(start.path("message_id").asText()).startsWith("msg_").isEqualTo(end.path("message_id").asText());
            List<JsonNode> turns = ofType(ws.seen(), "message_start");
            assertThat(turns).hasSize(2);
            assertThat(start.path("message_id").asText()).isEqualTo(turns.get(0).path("message_id").asText());
            assertThat(end.path("last_message_id").asText()).isEqualTo(turns.get(1).path("message_id").asText());
            assertThat(ofType(ws.seen(), "error")).isEmpty();
        }
        // the client's result reached the model, and the gateway's file tools were offered beside the client's tool
        JsonNode sent = live.llama().lastChatRequest();
        assertThat(sent.path("messages").toString()).contains("Lisbon");
        assertThat(sent.path("tools").findValuesAsText("name")).contains("get_location", "file_read");
    }

    @Test
    void theFirstUserMessageTitlesASessionCreatedOverTheWebSocket() throws Exception {
        live.llama().enqueue(Reply.text("Hi."));
        live.llama().enqueue(Reply.text("Again."));
        try (WsTestClient ws = live.gateway().connect("titled-by-ws")) {
            ws.sendUserMessage("Plan   a trip\nto Porto in spring, with trains and the best pastry shops on the way there");
            ws.awaitType("stream_end");
            ws.sendUserMessage("Second message does not rename");
            ws.awaitType("stream_end");
        }
        JsonNode session = Json.parse(live.gateway().get("/api/v1/sessions/titled-by-ws").body());
        String title = session.has("session") ? session.path("session").path("title").asText() : session.path("title").asText();
        assertThat(title).startsWith("Plan a trip to Porto in spring").endsWith("…").hasSizeLessThanOrEqualTo(60);
    }
}
