package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.requestContents;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway process is killed (SIGKILL) mid-answer: the database stays intact, the user's message and the text
 * streamed up to the last checkpoint survive, and a restarted gateway on the same database marks that answer
 * `interrupted` and continues the session with the earlier messages in its history.
 */
class WsCrashRecoveryTest {
    private static final String SESSION = "crash-session";
    private static final String LONG = "this answer is streamed slowly so that the gateway can be killed while it is still "
            + "writing the words of the reply one after another until the very end";

    @Test
    void killedMidAnswerTheStreamedTextSurvivesAsInterruptedAndARestartedGatewayContinuesTheSession() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-crash");
        StoreProbe store = new StoreProbe(dir.resolve("gateway.db"));
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.enqueue(Reply.slow(LONG, Duration.ofMillis(150)));

            String checkpoint;
            try (GatewayProcess first = GatewayProcess.start(llama.baseUrl(), dir, "gateway-1.log", Map.of());
                 WsTestClient ws = WsTestClient.connect(first.http(), URI.create("ws://127.0.0.1:" + first.port() + "/ws/chat/" + SESSION))) {
                ws.sendUserMessage("Before the crash");
                for (int i = 0; i < 3; i++) {
                    ws.await(f -> "content_block_delta".equals(f.path("type").asText()), Duration.ofSeconds(15));
                }
                // The streamed text reaches the store while the answer is still being written (at most ~500 ms behind).
                checkpoint = store.awaitAssistant("streaming", Duration.ofSeconds(5)).content();
                first.kill(); // SIGKILL: no shutdown hook, no partial-answer recording
                assertThat(text(ws.seen())).isNotEqualTo(LONG);
            }
            assertThat(LONG).startsWith(checkpoint);

            // The database file is intact; the user's message and the streamed text are in it.
            assertThat(store.integrityCheck()).isEqualTo("ok");
            List<StoreProbe.Row> rows = store.messages(null);
            assertThat(rows).first().isEqualTo(new StoreProbe.Row(SESSION, "user", "Before the crash", "complete"));
            assertThat(rows).noneMatch(r -> r.role().equals("assistant") && r.status().equals("complete"));
            String kept = rows.stream().filter(r -> r.role().equals("assistant")).findFirst().orElseThrow().content();
            assertThat(kept).startsWith(checkpoint);
            assertThat(LONG).startsWith(kept);

            // Restart on the same database: the answer in flight is closed as interrupted, and the session continues.
            llama.enqueue(Reply.text("Recovered and answering."));
            try (GatewayProcess second = GatewayProcess.start(llama.baseUrl(), dir, "gateway-2.log", Map.of())) {
                List<JsonNode> before = messages(second);
                assertThat(before).extracting(m -> m.path("role").asText() + "|" + m.path("status").asText())
                        .containsExactly("user|complete", "assistant|interrupted");
                assertThat(before.get(1).path("content").asText()).isEqualTo(kept);

                try (WsTestClient ws = WsTestClient.connect(second.http(), URI.create("ws://127.0.0.1:" + second.port() + "/ws/chat/" + SESSION))) {
                    ws.sendUserMessage("After the crash");
                    JsonNode end = ws.awaitType("stream_end");
                    assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
                    assertThat(text(ws.seen())).isEqualTo("Recovered and answering.");
                }
                assertThat(requestContents(llama.lastChatRequest(), "user"))
                        .containsSubsequence("Before the crash", "After the crash");

                List<String> summary = messages(second).stream()
                        .map(m -> m.path("role").asText() + "|" + m.path("status").asText() + "|" + m.path("content").asText())
                        .toList();
                assertThat(summary).containsExactly("user|complete|Before the crash", "assistant|interrupted|" + kept,
                        "user|complete|After the crash", "assistant|complete|Recovered and answering.");
            }
        }
    }

    private static List<JsonNode> messages(GatewayProcess gateway) throws Exception {
        HttpResponse<String> history = gateway.get("/api/v1/sessions/" + SESSION + "/messages");
        assertThat(history.statusCode()).isEqualTo(200);
        List<JsonNode> messages = new ArrayList<>();
        Json.parse(history.body()).path("messages").forEach(messages::add);
        return messages;
    }
}
