package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.assertAlive;
import static dev.hinksbot.gateway.e2e.WsChecks.assertUserKept;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitStored;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static dev.hinksbot.gateway.e2e.WsChecks.roles;
import static dev.hinksbot.gateway.e2e.WsChecks.stored;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The user stops an answer, sends while busy, or walks away mid-answer. */
class WsStopAndBusyTest {
    static final String LONG = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";

    @RegisterExtension
    static final LiveGateway live = new LiveGateway();



    private static boolean isTextDelta(JsonNode f) {
        return "content_block_delta".equals(f.path("type").asText());
    }

    @Test
    void stopCancelsTheAnswerClosesTheUpstreamStreamAndKeepsThePartialText() throws Exception {
        String session = "stop-slow";
        int cancelledBefore = live.llama().cancelledStreams();
        live.llama().enqueue(Reply.slow(LONG, Duration.ofMillis(150)));
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Count slowly");
            ws.await(WsStopAndBusyTest::isTextDelta, Duration.ofSeconds(10));
            ws.await(WsStopAndBusyTest::isTextDelta, Duration.ofSeconds(10));
            long t0 = System.nanoTime();
            ws.send("{\"type\":\"stop\"}");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(end.path("stop_reason").asText()).isEqualTo("cancelled");
            assertThat(ofType(ws.seen(), "error")).isEmpty();
            String partial = text(ws.seen());
            assertThat(partial).isNotEmpty();
            assertThat(LONG).startsWith(partial);
            assertThat(partial).isNotEqualTo(LONG);

            // The upstream request really closed: the fake saw its client go away.
            awaitTrue(() -> live.llama().cancelledStreams() == cancelledBefore + 1 && live.llama().openStreams() == 0,
                    Duration.ofSeconds(3), "upstream stream cancelled (cancelled=" + live.llama().cancelledStreams()
                            + ", open=" + live.llama().openStreams() + ")");

            List<JsonNode> messages = stored(live.gateway(), session);
            assertThat(roles(messages)).containsExactly("user", "assistant");
            assertUserKept(messages, "Count slowly");
            assertThat(messages.get(1).path("status").asText()).isEqualTo("cancelled");
            assertThat(messages.get(1).path("content").asText()).isEqualTo(partial);

            // The session is free again: the next message answers normally.
            live.llama().enqueue(Reply.text("Fine, done."));
            ws.sendUserMessage("Just say done");
            JsonNode next = ws.await(f -> "stream_end".equals(f.path("type").asText())
                    && !f.path("run_id").asText().equals(end.path("run_id").asText()), Duration.ofSeconds(10));
            assertThat(next.path("stop_reason").asText()).isEqualTo("stop");
        }
        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user", "assistant", "user", "assistant");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("Fine, done.");
        assertThat(messages.get(3).path("status").asText()).isEqualTo("complete");
        assertThat(live.llama().cancelledStreams()).isEqualTo(cancelledBefore + 1);
    }

    @Test
    void stopWhileTheModelHangsEndsAtOnce() throws Exception {
        String session = "stop-hang";
        int cancelledBefore = live.llama().cancelledStreams();
        live.llama().enqueue(Reply.hang());
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Think hard");
            ws.awaitType("message_start");
            awaitTrue(() -> live.llama().openStreams() == 1, Duration.ofSeconds(5), "the hanging stream is open");
            ws.send("{\"type\":\"stop\"}");
            JsonNode end = ws.await(f -> "stream_end".equals(f.path("type").asText()), Duration.ofSeconds(2));
            assertThat(end.path("stop_reason").asText()).isEqualTo("cancelled");
            awaitTrue(() -> live.llama().cancelledStreams() == cancelledBefore + 1 && live.llama().openStreams() == 0,
                    Duration.ofSeconds(3), "upstream stream cancelled");
            assertAlive(ws);
        }
        List<JsonNode> messages = stored(live.gateway(), session);
        // Nothing was said, so there is no partial answer to keep; the question is kept.
        assertThat(roles(messages)).containsExactly("user");
        assertUserKept(messages, "Think hard");
    }

    @Test
    void stopWithNothingRunningIsAnError() throws Exception {
        try (WsTestClient ws = live.gateway().connect("stop-idle")) {
            ws.send("{\"type\":\"stop\"}");
            awaitError(ws, "no_active_run");
            assertAlive(ws);
        }
        assertThat(stored(live.gateway(), "stop-idle")).isEmpty();
    }

    @Test
    void aSecondMessageWhileAnsweringInterruptsTheFirstAndIsAnsweredNext() throws Exception {
        // The default busy mode is `interrupt`: the running answer is cancelled (its partial text kept) and the
        // new message runs next. Nothing the user sent is dropped.
        String session = "busy";
        String first = "first answer arrives in several slow little pieces and is never finished";
        int requestsBefore = live.llama().chatRequests().size();
        live.llama().enqueue(Reply.slow(first, Duration.ofMillis(100)));
        live.llama().enqueue(Reply.text("Second answered."));
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("First");
            JsonNode firstStart = ws.awaitType("stream_start");
            ws.await(WsStopAndBusyTest::isTextDelta, Duration.ofSeconds(10));
            ws.sendUserMessage("Second, too soon");
            // The cancelled answer's stream_end and the "interrupted" notice may arrive in either order.
            JsonNode next = ws.await(f -> "stream_end".equals(f.path("type").asText())
                    && !f.path("run_id").asText().equals(firstStart.path("run_id").asText()), Duration.ofSeconds(10));
            assertThat(ofType(ws.seen(), "interrupted")).hasSize(1);
            assertThat(ofType(ws.seen(), "stream_end")).filteredOn(f -> f.path("run_id").asText().equals(firstStart.path("run_id").asText()))
                    .singleElement().satisfies(f -> assertThat(f.path("stop_reason").asText()).isEqualTo("cancelled"));
            assertThat(next.path("stop_reason").asText()).isEqualTo("stop");
            assertThat(ofType(ws.seen(), "stream_start")).hasSize(2);
            assertThat(ofType(ws.seen(), "error")).isEmpty();
        }
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore + 2);
        // The interrupted upstream stream is closed too (the fake notices at its next write).
        awaitTrue(() -> live.llama().openStreams() == 0, Duration.ofSeconds(3), "interrupted upstream stream closed");
        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user", "assistant", "user", "assistant");
        assertUserKept(messages, "First");
        assertThat(messages.get(1).path("status").asText()).isEqualTo("cancelled");
        assertThat(first).startsWith(messages.get(1).path("content").asText());
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Second, too soon");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("Second answered.");
    }

    @Test
    void slashCommandsWorkOnTheWebSocket() throws Exception {
        live.llama().enqueue(Reply.text("Noted."));
        try (WsTestClient ws = live.gateway().connect("ws-commands")) {
            ws.sendUserMessage("Remember this");
            ws.awaitType("stream_end");
            ws.sendUserMessage("/status");
            JsonNode status = ws.await(f -> "command_result".equals(f.path("type").asText()), Duration.ofSeconds(5));
            assertThat(status.path("command").asText()).isEqualTo("status");
            assertThat(status.path("text").asText()).contains("Session: ws-commands").contains("Messages: 2");
            ws.sendUserMessage("/undo");
            ws.await(f -> "undo".equals(f.path("command").asText()), Duration.ofSeconds(5));
            assertThat(stored(live.gateway(), "ws-commands")).isEmpty();
            ws.sendUserMessage("/frobnicate");
            JsonNode unknown = ws.await(f -> "frobnicate".equals(f.path("command").asText()), Duration.ofSeconds(5));
            assertThat(unknown.path("text").asText()).contains("Unknown command").contains("/help");
            ws.sendUserMessage("/new");
            JsonNode fresh = ws.await(f -> "new".equals(f.path("command").asText()), Duration.ofSeconds(5));
            assertThat(fresh.path("session_id").asText()).startsWith("sess_");
        }
    }

    @Test
    void aClientThatDisconnectsMidAnswerStillGetsTheWholeAnswerStored() throws Exception {
        String session = "walk-away";
        int cancelledBefore = live.llama().cancelledStreams();
        live.llama().enqueue(Reply.slow(LONG, Duration.ofMillis(60)));
        WsTestClient ws = live.gateway().connect(session);
        ws.sendUserMessage("Count while I leave");
        ws.await(WsStopAndBusyTest::isTextDelta, Duration.ofSeconds(10));
        ws.await(WsStopAndBusyTest::isTextDelta, Duration.ofSeconds(10));
        ws.abort();

        List<JsonNode> messages = awaitStored(live.gateway(), session,
                m -> m.size() == 2 && "complete".equals(m.get(1).path("status").asText()), Duration.ofSeconds(10));
        assertThat(roles(messages)).containsExactly("user", "assistant");
        assertUserKept(messages, "Count while I leave");
        assertThat(messages.get(1).path("content").asText()).isEqualTo(LONG);
        assertThat(live.llama().cancelledStreams()).isEqualTo(cancelledBefore);

        // Reconnecting shows the session is free again.
        live.llama().enqueue(Reply.text("Welcome back."));
        try (WsTestClient again = live.gateway().connect(session)) {
            again.sendUserMessage("I am back");
            assertThat(again.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
        }
    }
}
