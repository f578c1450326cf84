package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.assertAlive;
import static dev.hinksbot.gateway.e2e.WsChecks.assertUserKept;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static dev.hinksbot.gateway.e2e.WsChecks.requestContents;
import static dev.hinksbot.gateway.e2e.WsChecks.roles;
import static dev.hinksbot.gateway.e2e.WsChecks.stored;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * llama-server misbehaving: down, loading, failing mid-answer, dropping the connection, hanging. The user always
 * gets an `error` frame with a stable code followed by `stream_end` (stop_reason `error`), and their message is kept.
 */
class WsModelFaultsTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.llama.idle-timeout", "1s");



    @Test
    void llamaServerDownGivesModelUnavailableAndKeepsTheMessage() throws Exception {
        int closedPort;
        try (ServerSocket reserved = new ServerSocket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = reserved.getLocalPort();
        }
        try (GatewayHarness down = GatewayHarness.start("http://127.0.0.1:" + closedPort);
             WsTestClient ws = down.connect("down")) {
            ws.sendUserMessage("Is anybody there?");
            long t0 = System.nanoTime();
            JsonNode error = awaitError(ws, "model_unavailable");
            assertThat(error.path("message").asText()).contains("127.0.0.1:" + closedPort);
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("error");
            assertThat(end.path("run_id").asText()).isEqualTo(error.path("run_id").asText());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(text(ws.seen())).isEmpty();
            assertAlive(ws);

            List<JsonNode> messages = stored(down, "down");
            assertThat(roles(messages)).containsExactly("user");
            assertUserKept(messages, "Is anybody there?");
        }
    }

    @Test
    void loadingModelGivesModelLoadingThenTheNextMessageAnswersWithTheEarlierOneInHistory() throws Exception {
        String session = "loading";
        live.llama().setLoading(true);
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("First question while loading");
            awaitError(ws, "model_loading");
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("error");
            assertUserKept(stored(live.gateway(), session), "First question while loading");

            live.llama().setLoading(false);
            live.llama().enqueue(Reply.text("Loaded and ready."));
            ws.sendUserMessage("Second question");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
            assertThat(text(ws.seen())).isEqualTo("Loaded and ready.");
        } finally {
            live.llama().setLoading(false);
        }
        assertThat(requestContents(live.llama().lastChatRequest(), "user"))
                .containsSubsequence("First question while loading", "Second question");

        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user", "user", "assistant");
        assertUserKept(messages, "First question while loading");
        assertUserKept(messages, "Second question");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Loaded and ready.");
        assertThat(messages.get(2).path("status").asText()).isEqualTo("complete");
    }

    @Test
    void midStreamErrorGivesModelErrorAndKeepsThePartialAnswerAsFailed() throws Exception {
        String session = "mid-stream";
        live.llama().enqueue(Reply.midStreamError("The answer starts like", "out of memory"));
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Explain something long");
            JsonNode error = awaitError(ws, "model_error");
            assertThat(error.path("message").asText()).contains("out of memory");
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("error");
            assertThat(text(ws.seen())).isEqualTo("The answer starts like");
            assertAlive(ws);
        }
        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user", "assistant");
        assertUserKept(messages, "Explain something long");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("The answer starts like");
        assertThat(messages.get(1).path("status").asText()).isEqualTo("failed");
    }

    @Test
    void droppedConnectionGivesModelErrorNotAHang() throws Exception {
        String session = "dropped";
        live.llama().enqueue(Reply.dropConnection("Half an"));
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Say something");
            long t0 = System.nanoTime();
            // model_error, not model_timeout: the broken connection is noticed, not waited out.
            awaitError(ws, "model_error", Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(900));
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("error");
            assertAlive(ws);
        }
        List<JsonNode> messages = stored(live.gateway(), session);
        assertUserKept(messages, "Say something");
        assertThat(roles(messages).get(0)).isEqualTo("user");
        // Whatever partial text arrived before the drop is kept, marked failed, never as a complete answer.
        assertThat(messages.subList(1, messages.size())).allSatisfy(m -> {
            assertThat(m.path("role").asText()).isEqualTo("assistant");
            assertThat(m.path("status").asText()).isEqualTo("failed");
            assertThat("Half an").startsWith(m.path("content").asText());
        });
    }

    @Test
    void hangingModelTimesOutWithModelTimeout() throws Exception {
        String session = "hang";
        live.llama().enqueue(Reply.hang());
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Are you stuck?");
            ws.awaitType("stream_start");
            long t0 = System.nanoTime();
            JsonNode error = awaitError(ws, "model_timeout", Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
            assertThat(error.path("message").asText()).contains("1 s");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("error");
            assertThat(ofType(ws.seen(), "content_block_delta")).isEmpty();
            assertAlive(ws);
        }
        // The abandoned upstream request was really closed.
        awaitTrue(() -> live.llama().openStreams() == 0, Duration.ofSeconds(3), "the hanging stream is closed");

        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user");
        assertUserKept(messages, "Are you stuck?");
    }
}
