package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.requestContents;
import static dev.hinksbot.gateway.e2e.WsChecks.roles;
import static dev.hinksbot.gateway.e2e.WsChecks.stored;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `{"type":"retry"}`: a new answer to the last user message replaces the old answer (its turns and tool results). */
class WsRetryTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();

    @Test
    void retryReplacesTheLastAnswerAndKeepsTheUserMessage() throws Exception {
        String session = "retry-basic";
        live.llama().enqueue(Reply.text("First answer."));
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_m", "sys_metrics", "{}")));
        live.llama().enqueue(Reply.text("Old answer with a tool."));
        live.llama().enqueue(Reply.text("New answer."));
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("one");
            ws.awaitType("stream_end");
            ws.sendUserMessage("two");
            JsonNode twoStart = ws.awaitType("stream_start");
            ws.awaitType("stream_end");
            assertThat(roles(stored(live.gateway(), session))).containsExactly("user", "assistant", "user", "assistant", "tool", "assistant");

            ws.send("{\"type\":\"retry\"}");
            JsonNode start = ws.awaitType("stream_start");
            assertThat(start.path("user_message_id").asText()).as("the same user message is answered")
                    .isEqualTo(twoStart.path("user_message_id").asText());
            assertThat(start.path("run_id").asText()).isNotEqualTo(twoStart.path("run_id").asText());
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
        }
        List<JsonNode> messages = stored(live.gateway(), session);
        assertThat(roles(messages)).containsExactly("user", "assistant", "user", "assistant");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("New answer.");
        // The model saw the conversation without the replaced answer.
        JsonNode request = live.llama().lastChatRequest();
        assertThat(requestContents(request, "user")).containsExactly("one", "two");
        assertThat(requestContents(request, "assistant")).containsExactly("First answer.");
    }

    @Test
    void anAnswerInterruptedByAStopIsKeptAsInterruptedAndRetryAfterTheRestartReplacesIt() throws Exception {
        String session = "retry-interrupted";
        String db = java.nio.file.Files.createTempDirectory("hinksbot-retry").resolve("gateway.db").toString();
        try (dev.hinksbot.gateway.fakes.ScriptedLlamaServer llama = dev.hinksbot.gateway.fakes.ScriptedLlamaServer.start()) {
            llama.enqueue(Reply.slow("word ".repeat(200), java.time.Duration.ofMillis(50)));
            try (GatewayHarness first = GatewayHarness.start(llama.baseUrl(), "gateway.database.path", db);
                 WsTestClient ws = first.connect(session)) {
                ws.sendUserMessage("a long one");
                for (int i = 0; i < 3; i++) {
                    ws.awaitType("content_block_delta");
                }
            } // a graceful stop while the answer streams
            llama.enqueue(Reply.text("The answer, in full."));
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), "gateway.database.path", db)) {
                List<JsonNode> before = stored(second, session);
                assertThat(before).extracting(m -> m.path("role").asText() + "|" + m.path("status").asText())
                        .containsExactly("user|complete", "assistant|interrupted");
                assertThat(before.get(1).path("content").asText()).startsWith("word");
                try (WsTestClient ws = second.connect(session)) {
                    ws.send("{\"type\":\"retry\"}");
                    assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
                }
                List<JsonNode> after = stored(second, session);
                assertThat(after).extracting(m -> m.path("role").asText() + "|" + m.path("status").asText() + "|"
                        + m.path("content").asText()).containsExactly("user|complete|a long one",
                        "assistant|complete|The answer, in full.");
            }
        }
    }

    @Test
    void retryWithoutAnyMessageIsRefusedAndTheConnectionStays() throws Exception {
        try (WsTestClient ws = live.gateway().connect("retry-empty")) {
            ws.send("{\"type\":\"retry\"}");
            assertThat(awaitError(ws, "nothing_to_retry").path("message").asText()).contains("nothing to retry");
            ws.sendUserMessage("now there is one");
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
        }
    }

    @Test
    void retryWhileAnswerRunsIsBusy() throws Exception {
        live.llama().enqueue(Reply.slow("a b c d e f g h", java.time.Duration.ofMillis(150)));
        try (WsTestClient ws = live.gateway().connect("retry-busy")) {
            ws.sendUserMessage("slow please");
            ws.awaitType("content_block_delta"); // the model took the scripted reply: stopping cannot leave it queued
            ws.send("{\"type\":\"retry\"}");
            awaitError(ws, "session_busy");
            ws.send("{\"type\":\"stop\"}");
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("cancelled");
        }
    }
}
