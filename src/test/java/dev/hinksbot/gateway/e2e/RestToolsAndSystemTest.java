package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tools over REST (list, groups, detail, schema, execute), health, models and stats against a reachable live.llama(). */
class RestToolsAndSystemTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();



    private static List<String> names(JsonNode tools) {
        return StreamSupport.stream(tools.spliterator(), false).map(t -> t.path("name").asText()).toList();
    }

    @Test
    void listsToolsAndFiltersByGroup() throws Exception {
        JsonNode all = json(live.gateway().get("/api/v1/tools"), 200);
        assertThat(names(all.path("tools"))).contains("file_read", "file_write", "run_shell", "search_files",
                "session_history_search", "sys_metrics");
        all.path("tools").forEach(t -> {
            assertThat(t.path("description").asText()).isNotBlank();
            assertThat(t.path("groups").isArray()).isTrue();
            assertThat(t.path("parameters").path("type").asText()).isEqualTo("object");
        });

        JsonNode file = json(live.gateway().get("/api/v1/tools?group=file"), 200);
        assertThat(names(file.path("tools"))).contains("file_read", "file_write", "search_files").doesNotContain("run_shell");
        file.path("tools").forEach(t -> assertThat(t.path("groups")).extracting(JsonNode::asText).contains("file"));

        assertThat(json(live.gateway().get("/api/v1/tools?group=nosuchgroup"), 200).path("tools")).isEmpty();
    }

    @Test
    void groupsMapsEachGroupToItsTools() throws Exception {
        JsonNode groups = json(live.gateway().get("/api/v1/tools/groups"), 200).path("groups");
        assertThat(groups.isObject()).isTrue();
        assertThat(groups.path("file")).extracting(JsonNode::asText).contains("file_read", "file_write");
        assertThat(groups.path("terminal")).extracting(JsonNode::asText).contains("run_shell");
        assertThat(groups.path("system")).extracting(JsonNode::asText).contains("sys_metrics");
    }

    @Test
    void toolDetailAndOpenAiSchema() throws Exception {
        JsonNode tool = json(live.gateway().get("/api/v1/tools/file_read"), 200);
        assertThat(tool.path("name").asText()).isEqualTo("file_read");
        assertThat(tool.path("groups")).extracting(JsonNode::asText).contains("file");
        assertThat(tool.path("parameters").path("properties").has("path")).isTrue();
        assertThat(tool.path("parameters").path("required")).extracting(JsonNode::asText).contains("path");

        JsonNode schema = json(live.gateway().get("/api/v1/tools/file_read/schema"), 200);
        assertThat(schema.path("type").asText()).isEqualTo("function");
        assertThat(schema.path("function").path("name").asText()).isEqualTo("file_read");
        assertThat(schema.path("function").path("description").asText()).isEqualTo(tool.path("description").asText());
        assertThat(schema.path("function").path("parameters")).isEqualTo(tool.path("parameters"));
        assertThat(schema.size()).isEqualTo(2);

        error(live.gateway().get("/api/v1/tools/no_such_tool"), 404, "tool_not_found");
        error(live.gateway().get("/api/v1/tools/no_such_tool/schema"), 404, "tool_not_found");
        error(live.gateway().post("/api/v1/tools/no_such_tool/execute", "{\"arguments\":{}}"), 404, "tool_not_found");
    }

    @Test
    void executesFileWriteThenFileReadInTheWorkspace() throws Exception {
        JsonNode w = json(live.gateway().post("/api/v1/tools/file_write/execute",
                "{\"arguments\":{\"path\":\"rest/hello.txt\",\"content\":\"hello from the REST API\\n\"}}"), 200);
        assertThat(w.path("tool").asText()).isEqualTo("file_write");
        assertThat(w.path("success").asBoolean()).as(w.toString()).isTrue();
        assertThat(w.path("error").isNull()).isTrue();
        assertThat(w.path("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(Files.readString(live.gateway().workspace().resolve("rest/hello.txt"))).isEqualTo("hello from the REST API\n");

        JsonNode r = json(live.gateway().post("/api/v1/tools/file_read/execute", "{\"arguments\":{\"path\":\"rest/hello.txt\"}}"), 200);
        assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("result").asText()).contains("hello from the REST API");

        JsonNode missing = json(live.gateway().post("/api/v1/tools/file_read/execute", "{\"arguments\":{\"path\":\"rest/absent.txt\"}}"), 200);
        assertThat(missing.path("success").asBoolean()).isFalse();
        assertThat(missing.path("error").asText()).contains("does not exist");

        JsonNode noArgs = json(live.gateway().post("/api/v1/tools/file_read/execute", "{}"), 200);
        assertThat(noArgs.path("success").asBoolean()).isFalse();
        assertThat(noArgs.path("error").asText()).contains("path");

        error(live.gateway().post("/api/v1/tools/file_read/execute", "{\"arguments\":\"rest/hello.txt\"}"), 400, "invalid_field");
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefused() throws Exception {
        Files.writeString(live.gateway().dir().resolve("outside.txt"), "top secret outside the workspace");
        for (String path : List.of("../outside.txt", "../x", "/etc/passwd", "rest/../../outside.txt",
                live.gateway().dir().resolve("outside.txt").toString())) {
            JsonNode r = json(live.gateway().post("/api/v1/tools/file_read/execute",
                    "{\"arguments\":{\"path\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(path) + "}}"), 200);
            assertThat(r.path("success").asBoolean()).as("read %s", path).isFalse();
            assertThat(r.path("error").asText()).as("read %s", path).contains("outside the workspace");
            assertThat(r.toString()).doesNotContain("top secret", "root:x:0");
        }
        JsonNode w = json(live.gateway().post("/api/v1/tools/file_write/execute",
                "{\"arguments\":{\"path\":\"../escaped.txt\",\"content\":\"nope\"}}"), 200);
        assertThat(w.path("success").asBoolean()).isFalse();
        assertThat(w.path("error").asText()).contains("outside the workspace");
        assertThat(live.gateway().dir().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void healthIsOkWithTheModelWhenLlamaIsUp() throws Exception {
        JsonNode h = json(live.gateway().get("/api/v1/health"), 200);
        assertThat(h.path("status").asText()).isEqualTo("ok");
        assertThat(h.path("model").asText()).isEqualTo("fake-model.gguf");
        assertThat(h.path("llama_server").path("status").asText()).isEqualTo("ok");
        assertThat(h.path("llama_server").path("url").asText()).isEqualTo(live.llama().baseUrl());
        assertThat(h.path("uptime_s").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(h.path("active_runs").asInt()).isZero();
    }

    @Test
    void healthIsDegradedWhileLlamaLoads() throws Exception {
        live.llama().setLoading(true);
        try {
            JsonNode h = json(live.gateway().get("/api/v1/health"), 200);
            assertThat(h.path("status").asText()).isEqualTo("degraded");
            assertThat(h.path("llama_server").path("status").asText()).isEqualTo("loading");
            assertThat(h.path("llama_server").path("message").asText()).isNotBlank();
        } finally {
            live.llama().setLoading(false);
        }
        assertThat(json(live.gateway().get("/api/v1/health"), 200).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void modelsComeFromLlama() throws Exception {
        JsonNode m = json(live.gateway().get("/api/v1/models"), 200);
        assertThat(m.path("models")).extracting(n -> n.path("id").asText()).containsExactly("fake-model.gguf");
        assertThat(m.path("models").get(0).path("owned_by").asText()).isEqualTo("llamacpp");
        assertThat(m.path("models").get(0).path("meta").path("n_ctx_train").asInt()).isPositive();
        assertThat(m.has("default")).isTrue();
        assertThat(m.path("default").isNull()).isTrue();
    }

    @Test
    void statsCountActivity() throws Exception {
        String id = json(live.gateway().post("/api/v1/sessions", "{\"title\":\"Stats\"}"), 201).path("id").asText();
        Files.writeString(live.gateway().workspace().resolve("stats.txt"), "forty-two\n");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_s1", "file_read", "{\"path\":\"stats.txt\"}")));
        live.llama().enqueue(Reply.text("It says forty-two."));
        try (WsTestClient ws = live.gateway().connect(id)) {
            ws.sendUserMessage("What does stats.txt say?");
            ws.awaitType("stream_end");
        }
        json(live.gateway().post("/api/v1/tools/file_read/execute", "{\"arguments\":{\"path\":\"stats.txt\"}}"), 200);

        JsonNode s = json(live.gateway().get("/api/v1/stats"), 200);
        assertThat(s.path("sessions").asLong()).isPositive();
        assertThat(s.path("messages").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(s.path("tool_calls").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(s.path("prompt_tokens").asLong()).isPositive();
        assertThat(s.path("completion_tokens").asLong()).isPositive();
        assertThat(s.path("messages_by_role").path("user").asLong()).isPositive();
        assertThat(s.path("messages_by_role").path("assistant").asLong()).isPositive();
        assertThat(s.path("top_tools")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("file_read");
            assertThat(t.path("count").asLong()).isGreaterThanOrEqualTo(2);
        });
        assertThat(s.path("daily").isArray()).isTrue();
        assertThat(s.path("daily")).isNotEmpty();

        assertThat(json(live.gateway().get("/api/v1/stats?days=7"), 200).path("sessions").asLong()).isPositive();
        error(live.gateway().get("/api/v1/stats?days=0"), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/stats?days=abc"), 400, "invalid_parameter");
    }
}
