package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `/api/v1/defaults`: what sessions without their own settings use; changed at run time, reset to the config. */
class RestDefaultsTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.defaults.max-turns", "7", "gateway.defaults.tool-groups", "file,system");

    @AfterEach
    void reset() throws Exception {
        json(live.gateway().delete("/api/v1/defaults"), 200);
    }

    @Test
    void showsTheConfiguredDefaults() throws Exception {
        JsonNode d = json(live.gateway().get("/api/v1/defaults"), 200);
        assertThat(d.path("max_turns").asInt()).isEqualTo(7);
        assertThat(d.path("model").isNull()).as("empty model: whatever llama-server serves").isTrue();
        assertThat(d.path("tool_options")).extracting(JsonNode::asText).containsExactly("file", "system");
        assertThat(d.path("system_prompt").asText()).startsWith("You are HinksBot");
        assertThat(d.path("configured")).isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) d.deepCopy()).without(java.util.List.of("configured", "saved")));
        assertThat(d.path("saved")).isEmpty();
        assertThat(json(live.gateway().get("/api/v1/health"), 200).path("auth_required").asBoolean()).isFalse();
    }

    @Test
    void patchedDefaultsAreUsedByTheNextRunAndNullRestoresOne() throws Exception {
        JsonNode d = json(live.gateway().patch("/api/v1/defaults",
                "{\"system_prompt\":\"Be brief.\",\"tool_options\":[\"search\"],\"max_turns\":3,\"model\":\"other.gguf\"}"), 200);
        assertThat(d.path("system_prompt").asText()).isEqualTo("Be brief.");
        assertThat(d.path("max_turns").asInt()).isEqualTo(3);
        assertThat(d.path("model").asText()).isEqualTo("other.gguf");
        assertThat(d.path("saved")).extracting(JsonNode::asText).containsExactly("max_turns", "model", "system_prompt", "tool_options");
        assertThat(d.path("configured").path("max_turns").asInt()).isEqualTo(7);

        try (WsTestClient ws = live.gateway().connect("defaults-used")) {
            ws.sendUserMessage("hi");
            ws.awaitType("stream_end");
        }
        JsonNode request = live.llama().lastChatRequest();
        assertThat(request.path("messages").path(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(request.path("model").asText()).isEqualTo("other.gguf");
        assertThat(request.path("tools")).extracting(t -> t.path("function").path("name").asText())
                .contains("session_history_search").doesNotContain("file_read", "sys_metrics");
        assertThat(json(live.gateway().get("/api/v1/models"), 200).path("default").asText()).isEqualTo("other.gguf");

        JsonNode back = json(live.gateway().patch("/api/v1/defaults", "{\"model\":null,\"max_turns\":null}"), 200);
        assertThat(back.path("model").isNull()).isTrue();
        assertThat(back.path("max_turns").asInt()).isEqualTo(7);
        assertThat(back.path("system_prompt").asText()).isEqualTo("Be brief.");
        assertThat(back.path("saved")).extracting(JsonNode::asText).containsExactly("system_prompt", "tool_options");
    }

    @Test
    void maxTurnsDefaultLimitsARun() throws Exception {
        json(live.gateway().patch("/api/v1/defaults", "{\"max_turns\":1}"), 200);
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_1", "sys_metrics", "{}")));
        try (WsTestClient ws = live.gateway().connect("defaults-turns")) {
            ws.sendUserMessage("loop");
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("max_turns");
        }
    }

    @Test
    void deleteRestoresEverything() throws Exception {
        json(live.gateway().patch("/api/v1/defaults", "{\"max_turns\":2,\"tool_options\":[]}"), 200);
        JsonNode d = json(live.gateway().delete("/api/v1/defaults"), 200);
        assertThat(d.path("max_turns").asInt()).isEqualTo(7);
        assertThat(d.path("tool_options")).extracting(JsonNode::asText).containsExactly("file", "system");
        assertThat(d.path("saved")).isEmpty();
    }

    @Test
    void badFieldsAre400() throws Exception {
        error(live.gateway().patch("/api/v1/defaults", "{\"max_turns\":0}"), 400, "invalid_field");
        error(live.gateway().patch("/api/v1/defaults", "{\"max_turns\":\"5\"}"), 400, "invalid_field");
        error(live.gateway().patch("/api/v1/defaults", "{\"tool_options\":\"file\"}"), 400, "invalid_field");
        error(live.gateway().patch("/api/v1/defaults", "{\"temperature\":1}"), 400, "invalid_field");
        error(live.gateway().patch("/api/v1/defaults", "[1]"), 400, "invalid_json");
        assertThat(json(live.gateway().get("/api/v1/defaults"), 200).path("saved")).isEmpty();
    }

    @Test
    void toolMessagesSayWhetherTheToolSucceeded() throws Exception {
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_ok", "sys_metrics", "{}"),
                new ToolCallSpec("call_bad", "file_read", "{\"path\":\"../outside\"}")));
        live.llama().enqueue(Reply.text("done"));
        try (WsTestClient ws = live.gateway().connect("tool-success")) {
            ws.sendUserMessage("tools");
            ws.awaitType("stream_end");
        }
        JsonNode messages = json(live.gateway().get("/api/v1/sessions/tool-success/messages"), 200).path("messages");
        JsonNode ok = null;
        JsonNode bad = null;
        for (JsonNode m : messages) {
            if ("call_ok".equals(m.path("tool_call_id").asText())) {
                ok = m;
            } else if ("call_bad".equals(m.path("tool_call_id").asText())) {
                bad = m;
            } else {
                assertThat(m.has("tool_success")).as("only tool messages carry tool_success").isFalse();
            }
        }
        assertThat(ok.path("tool_success").asBoolean()).isTrue();
        assertThat(ok.path("tool_error").isNull()).isTrue();
        assertThat(bad.path("tool_success").asBoolean()).isFalse();
        assertThat(bad.path("tool_error").asText()).isNotBlank();
    }
}
