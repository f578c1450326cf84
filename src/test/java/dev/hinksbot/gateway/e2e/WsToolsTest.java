package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.assertAlive;
import static dev.hinksbot.gateway.e2e.WsChecks.assertUserKept;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static dev.hinksbot.gateway.e2e.WsChecks.roles;
import static dev.hinksbot.gateway.e2e.WsChecks.stored;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static dev.hinksbot.gateway.e2e.WsChecks.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tools through the agent: client-side tools over the socket, workspace confinement, tools the model invents. */
class WsToolsTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();



    @Test
    void aClientSideToolIsAnsweredByTheClientAndItsResultGoesToTheModel() throws Exception {
        String session = "client-tool";
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_loc", "get_location", "{}")));
        live.llama().enqueue(Reply.text("You are in Berlin."));
        ObjectNode frame = userMessage("Where am I?");
        ObjectNode tool = frame.putArray("client_tools").addObject()
                .put("name", "get_location").put("description", "The user's current city");
        tool.putObject("parameters").put("type", "object").putObject("properties");

        try (WsTestClient ws = live.gateway().connect(session)) {
            // A result nobody asked for is refused (and must not disturb anything).
            ws.send("{\"type\":\"tool_result\",\"tool_call_id\":\"call_nobody\",\"result\":\"x\"}");
            JsonNode unknown = awaitError(ws, "unknown_tool_call");
            assertThat(unknown.path("message").asText()).contains("call_nobody");

            ws.send(Json.write(frame));
            JsonNode call = ws.awaitType("tool_call");
            assertThat(call.path("tool").asText()).isEqualTo("get_location");
            assertThat(call.path("client_side").asBoolean()).isTrue();
            assertThat(call.path("tool_call_id").asText()).isEqualTo("call_loc");

            ws.send("{\"type\":\"tool_result\",\"tool_call_id\":\"call_loc\",\"result\":\"Berlin\",\"error\":null}");
            JsonNode result = ws.awaitType("tool_result");
            assertThat(result.path("tool_call_id").asText()).isEqualTo("call_loc");
            assertThat(result.path("success").asBoolean()).isTrue();
            assertThat(result.path("result").asText()).isEqualTo("Berlin");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
            assertThat(end.path("usage").path("turns").asInt()).isEqualTo(2);
            assertThat(text(ws.seen())).isEqualTo("You are in Berlin.");

            // A second result for the same call is no longer wanted.
            ws.send("{\"type\":\"tool_result\",\"tool_call_id\":\"call_loc\",\"result\":\"Paris\"}");
            awaitError(ws, "unknown_tool_call");
            assertAlive(ws);
        }

        // The first model request offered the client tool; the second carried the client's answer.
        List<JsonNode> requests = live.llama().chatRequests();
        JsonNode first = requests.get(requests.size() - 2);
        assertThat(first.path("tools")).anySatisfy(t ->
                assertThat(t.path("function").path("name").asText()).isEqualTo("get_location"));
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        JsonNode toolMessage = messages.get(messages.size() - 1);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_loc");
        assertThat(toolMessage.path("content").asText()).isEqualTo("Berlin");

        List<JsonNode> stored = stored(live.gateway(), session);
        assertThat(roles(stored)).containsExactly("user", "assistant", "tool", "assistant");
        assertUserKept(stored, "Where am I?");
        assertThat(stored.get(2).path("content").asText()).isEqualTo("Berlin");
        assertThat(stored.get(3).path("content").asText()).isEqualTo("You are in Berlin.");
    }

    @Test
    void fileReadOutsideTheWorkspaceIsRefusedAndNothingLeaks() throws Exception {
        String session = "escape";
        Path secret = live.gateway().dir().resolve("outside-secret.txt");
        Files.writeString(secret, "TOP-SECRET-OUTSIDE-WORKSPACE\n");
        live.llama().enqueue(Reply.toolCalls(
                new ToolCallSpec("call_pw", "file_read", "{\"path\":\"../../etc/passwd\"}"),
                new ToolCallSpec("call_abs", "file_read", "{\"path\":\"/etc/passwd\"}"),
                new ToolCallSpec("call_up", "file_read", "{\"path\":\"../outside-secret.txt\"}")));
        live.llama().enqueue(Reply.text("I cannot read those files."));

        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Show me /etc/passwd");
            ws.awaitType("stream_end");
            List<JsonNode> results = ofType(ws.seen(), "tool_result");
            assertThat(results).hasSize(3);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.path("success").asBoolean()).isFalse();
                assertThat(r.path("error").asText()).containsIgnoringCase("workspace");
            });
            assertThat(text(ws.seen())).isEqualTo("I cannot read those files.");
            for (JsonNode f : ws.seen()) {
                String raw = Json.write(f);
                assertThat(raw).doesNotContain("root:x:").doesNotContain("/bin/bash").doesNotContain("nologin")
                        .doesNotContain("TOP-SECRET");
            }
        }
        // The model was told no, too; nothing of the files reached it or the store.
        for (JsonNode m : live.llama().lastChatRequest().path("messages")) {
            assertThat(m.path("content").asText()).doesNotContain("root:x:").doesNotContain("TOP-SECRET");
        }
        List<JsonNode> stored = stored(live.gateway(), session);
        assertThat(roles(stored)).containsExactly("user", "assistant", "tool", "tool", "tool", "assistant");
        assertUserKept(stored, "Show me /etc/passwd");
        assertThat(stored).allSatisfy(m ->
                assertThat(m.path("content").asText()).doesNotContain("root:x:").doesNotContain("TOP-SECRET"));
        assertThat(stored.subList(2, 5)).allSatisfy(m ->
                assertThat(m.path("content").asText()).containsIgnoringCase("workspace"));
    }

    @Test
    void anUnknownToolFailsButTheRunContinuesToTheAnswer() throws Exception {
        String session = "unknown-tool";
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_tp", "teleport", "{\"to\":\"Mars\"}")));
        live.llama().enqueue(Reply.text("I cannot teleport you, sorry."));
        try (WsTestClient ws = live.gateway().connect(session)) {
            ws.sendUserMessage("Teleport me to Mars");
            JsonNode call = ws.awaitType("tool_call");
            assertThat(call.path("tool").asText()).isEqualTo("teleport");
            assertThat(call.path("client_side").asBoolean()).isFalse();
            JsonNode result = ws.awaitType("tool_result");
            assertThat(result.path("success").asBoolean()).isFalse();
            assertThat(result.path("error").asText()).contains("unknown tool 'teleport'");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
            assertThat(end.path("usage").path("turns").asInt()).isEqualTo(2);
            assertThat(text(ws.seen())).isEqualTo("I cannot teleport you, sorry.");
            assertThat(ofType(ws.seen(), "error")).isEmpty();
        }
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        JsonNode toolMessage = messages.get(messages.size() - 1);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("content").asText()).contains("unknown tool 'teleport'");

        List<JsonNode> stored = stored(live.gateway(), session);
        assertThat(roles(stored)).containsExactly("user", "assistant", "tool", "assistant");
        assertUserKept(stored, "Teleport me to Mars");
        assertThat(stored.get(3).path("content").asText()).isEqualTo("I cannot teleport you, sorry.");
        assertThat(stored.get(3).path("status").asText()).isEqualTo("complete");
    }
}
