package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user chats over the WebSocket; the model (scripted) calls a built-in tool; everything lands in the store. */
class ChatEndToEndTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();



    @Test
    void streamsAnAnswerThatCallsAToolAndStoresEverything() throws Exception {
        Files.writeString(live.gateway().workspace().resolve("notes.txt"), "the secret word is pelican\n");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_1", "file_read", "{\"path\":\"notes.txt\"}")));
        live.llama().enqueue(Reply.text("The word is pelican."));

        try (WsTestClient ws = live.gateway().connect("e2e-tool")) {
            ws.sendUserMessage("What is the secret word?");
            assertThat(ws.awaitType("stream_start").path("run_id").asText()).startsWith("run_");
            JsonNode call = ws.awaitType("tool_call");
            assertThat(call.path("tool").asText()).isEqualTo("file_read");
            assertThat(call.path("args").path("path").asText()).isEqualTo("notes.txt");
            JsonNode result = ws.awaitType("tool_result");
            assertThat(result.path("success").asBoolean()).isTrue();
            assertThat(result.path("result").asText()).contains("pelican");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("usage").path("turns").asInt()).isEqualTo(2);
            StringBuilder text = new StringBuilder();
            ws.seen().stream().filter(f -> f.path("type").asText().equals("content_block_delta"))
                    .forEach(f -> text.append(f.path("delta").asText()));
            assertThat(text.toString()).isEqualTo("The word is pelican.");
        }

        // The second model request carried the tool result, paired with its call.
        JsonNode second = live.llama().chatRequests().get(live.llama().chatRequests().size() - 1);
        JsonNode messages = second.path("messages");
        JsonNode toolMessage = messages.get(messages.size() - 1);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(messages.size() - 2).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");

        JsonNode stored = Json.parse(live.gateway().get("/api/v1/sessions/e2e-tool/messages").body());
        assertThat(stored.path("messages")).extracting(m -> m.path("role").asText())
                .containsExactly("user", "assistant", "tool", "assistant");
        assertThat(stored.path("messages").get(3).path("content").asText()).isEqualTo("The word is pelican.");
    }
}
