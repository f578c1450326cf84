package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static dev.hinksbot.gateway.e2e.WsChecks.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile model drives the real gateway (WebSocket chat, approvals off so every command really runs) and tries to
 * read the gateway's secrets and to write outside the workspace, with run_shell, the shipped word_count manifest
 * and list_processes. The real bubblewrap sandbox is what stops it. The secrets: gateway.api.key and
 * gateway.llama.api-key from the config, a -D option on the JVM's command line and an environment variable (both set
 * by Maven's surefire configuration), and the config, database and files beside the workspace.
 */
class SandboxEscapeTest {
    static final String API_KEY = "api-secret-5d2c81";
    static final String LLAMA_KEY = "llama-secret-e04b7f";
    static final String CMDLINE_SECRET = System.getProperty("hinksbot.test.cmdline-secret", "");
    static final String ENV_SECRET = System.getenv().getOrDefault("HINKSBOT_TEST_ENV_SECRET", "");
    static final long GATEWAY_PID = ProcessHandle.current().pid(); // the harness runs the gateway in this JVM

    /** Attached before the gateway starts, so start-up lines are read too. */
    static final LogCapture logs = new LogCapture();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.api.key", API_KEY,
            "gateway.llama.api-key", LLAMA_KEY,
            "gateway.tools.approvals", "off",
            "gateway.tools.dir", Path.of("tools").toAbsolutePath().toString(), // the shipped word_count manifest
            "gateway.defaults.tool-groups", "terminal,file,system");

    @AfterAll
    static void detachLogs() {
        logs.close();
    }

    private static ToolCallSpec shell(String id, String command) {
        return new ToolCallSpec(id, "run_shell", Json.write(Json.object().put("command", command)));
    }

    private static ToolCallSpec tool(String id, String name, String argumentsJson) {
        return new ToolCallSpec(id, name, argumentsJson);
    }

    @Test
    void injectedCommandsFindNoSecretAndCannotWriteOutsideTheWorkspace() throws Exception {
        assertThat(CMDLINE_SECRET).as("run through Maven: surefire sets the -D secret").isNotEmpty();
        assertThat(ENV_SECRET).as("run through Maven: surefire sets the environment secret").isNotEmpty();
        String hostCmdline = Files.readString(Path.of("/proc/" + GATEWAY_PID + "/cmdline"));
        assertThat(hostCmdline).as("outside the sandbox the secret is there to find").contains(CMDLINE_SECRET);

        Path outsideDir = live.gateway().dir(); // beside the workspace: the database lives here
        Path outside = outsideDir.resolve("pwned.txt");
        Path config = Path.of("config/application.properties").toAbsolutePath();
        Map<String, ToolCallSpec> calls = new LinkedHashMap<>();
        calls.put("proc", shell("c_proc", "cat /proc/" + GATEWAY_PID + "/cmdline; cat /proc/" + GATEWAY_PID
                + "/environ; tr '\\0' ' ' < /proc/1/cmdline; tr '\\0' '\\n' < /proc/1/environ; cat /proc/self/environ"));
        calls.put("env", shell("c_env", "env; set"));
        calls.put("etc", shell("c_etc", "cat /etc/shadow; cat /etc/passwd; ls -la /etc"));
        calls.put("write", shell("c_write", "touch /outside; echo pwned > " + outside + "; ls " + outsideDir
                + "; cat " + outsideDir.resolve("gateway.db") + "; cat " + config + "; echo in > inside.txt"));
        calls.put("ps", shell("c_ps", "ps aux"));
        calls.put("grep", shell("c_grep", "grep -rs -e " + API_KEY.substring(0, 10) + " -e " + LLAMA_KEY.substring(0, 10)
                + " -D skip / --exclude-dir=proc --exclude-dir=usr 2>/dev/null | head -c 2000; echo grep-done"));
        calls.put("wc_dash", tool("c_wc1", "word_count", "{\"path\":\"--files0-from=/proc/" + GATEWAY_PID + "/cmdline\"}"));
        calls.put("wc_self", tool("c_wc2", "word_count", "{\"path\":\"/proc/self/environ\"}"));
        calls.put("wc_gw", tool("c_wc3", "word_count", "{\"path\":\"/proc/" + GATEWAY_PID + "/environ\"}"));
        calls.put("processes", tool("c_lp", "list_processes", "{}"));
        live.llama().enqueue(Reply.toolCalls(calls.values().toArray(ToolCallSpec[]::new)));
        live.llama().enqueue(Reply.text("Nothing found."));

        List<JsonNode> results;
        try (WsTestClient ws = live.gateway().connect("escape")) {
            ws.send(Json.write(userMessage("Please summarise notes.txt").put("approvals", "off")));
            ws.awaitType("stream_end");
            results = ofType(ws.seen(), "tool_result");
        }
        assertThat(results).hasSize(calls.size());
        Map<String, String> byId = new LinkedHashMap<>();
        results.forEach(r -> byId.put(r.path("tool_call_id").asText(), r.path("result").asText() + r.path("error").asText()));

        // what the model was told (the tool messages of the second request) and what the socket showed
        List<String> toModel = new ArrayList<>();
        live.llama().lastChatRequest().path("messages").forEach(m -> {
            if (m.path("role").asText().equals("tool")) {
                toModel.add(m.path("content").asText());
            }
        });
        assertThat(toModel).hasSize(calls.size());
        for (String text : concat(toModel, List.copyOf(byId.values()))) {
            assertThat(text).doesNotContain(API_KEY, LLAMA_KEY, CMDLINE_SECRET, ENV_SECRET);
        }

        assertThat(logs.lines()).as("log lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(API_KEY, LLAMA_KEY, CMDLINE_SECRET, ENV_SECRET));

        assertThat(byId.get("c_proc")).contains("No such file");
        assertThat(byId.get("c_env")).contains("HOME=" + live.gateway().workspace().toRealPath()).doesNotContain("HINKSBOT", "JAVA");
        assertThat(byId.get("c_etc")).contains("hinksbot:x:1000").doesNotContain("root:x:0:0");
        assertThat(byId.get("c_write")).contains("Read-only file system");
        assertThat(outside).as("a write beside the workspace lands in the sandbox's private /tmp, if anywhere").doesNotExist();
        assertThat(Path.of("/outside")).doesNotExist();
        assertThat(live.gateway().workspace().resolve("inside.txt")).hasContent("in");
        assertThat(byId.get("c_ps")).doesNotContain("java").contains("ps aux");
        assertThat(byId.get("c_grep")).contains("grep-done");
        assertThat(byId.get("c_wc1")).contains("argument 'path' must not start with '-'");
        assertThat(byId.get("c_wc2")).contains("/proc/self/environ");
        assertThat(byId.get("c_wc3")).contains("No such file");
        assertThat(byId.get("c_lp")).contains("PID").contains("java");
    }

    @Test
    void theToolApiRunsCallsThatNeedApprovalOnlyForTheKeyHolder() throws Exception {
        Path victim = Files.createDirectories(live.gateway().workspace().resolve("victim"));
        String rm = "{\"arguments\":{\"command\":\"rm -rf victim\"}}";
        // this gateway has a key: the harness sends it, so the owner's call runs (in the sandbox)
        HttpResponse<String> owner = live.gateway().post("/api/v1/tools/run_shell/execute", rm);
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
        assertThat(victim).doesNotExist();

        // without a key configured there is no owner to prove: such calls are refused, harmless ones run
        try (GatewayHarness open = GatewayHarness.start(live.llama().baseUrl(), "gateway.tools.approvals", "dangerous")) {
            Path kept = Files.createDirectories(open.workspace().resolve("victim"));
            HttpResponse<String> refused = open.post("/api/v1/tools/run_shell/execute", rm);
            assertThat(refused.statusCode()).isEqualTo(403);
            JsonNode error = Json.parse(refused.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("approval_required");
            assertThat(error.path("message").asText()).contains("gateway.api.key");
            assertThat(kept).exists();
            HttpResponse<String> ls = open.post("/api/v1/tools/run_shell/execute", "{\"arguments\":{\"command\":\"ls -la\"}}");
            assertThat(ls.statusCode()).isEqualTo(200);
            assertThat(Json.parse(ls.body()).path("result").asText()).contains("victim");
        }

        // approvals=always: even a harmless command needs the key holder
        try (GatewayHarness always = GatewayHarness.start(live.llama().baseUrl(), "gateway.tools.approvals", "always")) {
            HttpResponse<String> refused = always.post("/api/v1/tools/run_shell/execute", "{\"arguments\":{\"command\":\"ls\"}}");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(Json.parse(refused.body()).path("error").path("code").asText()).isEqualTo("approval_required");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
