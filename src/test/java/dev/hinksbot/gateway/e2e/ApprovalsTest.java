package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dangerous tool calls wait for a human: approved or denied from the web chat's WebSocket and from a chat platform
 * with /approve and /deny; runs no one watches (the OpenAI API) are denied without asking.
 */
class ApprovalsTest {
    static final String TOKEN = "424242:APPROVALS";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.defaults.tool-groups", "terminal",
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off");

    private static String shell(String command) {
        return Json.write(Json.object().put("command", command));
    }

    private static Path scratch(String name) throws Exception {
        Path dir = live.gateway().workspace().resolve(name);
        Files.createDirectories(dir.resolve("inner"));
        Files.writeString(dir.resolve("inner/file.txt"), "keep me?");
        return dir;
    }

    @Test
    void aRecursiveDeleteWaitsForTheWebChatsApprovalAndThenRuns() throws Exception {
        Path dir = scratch("build-approve");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_rm", "run_shell", shell("rm -rf build-approve"))));
        live.llama().enqueue(Reply.text("Removed it."));
        try (WsTestClient ws = live.gateway().connect("approve-ws")) {
            ws.sendUserMessage("clean the build directory");
            JsonNode asked = ws.awaitType("approval_requested");
            assertThat(asked.path("tool").asText()).isEqualTo("run_shell");
            assertThat(asked.path("tool_call_id").asText()).isEqualTo("call_rm");
            assertThat(asked.path("reason").asText()).contains("'rm' is not one of the read-only commands");
            assertThat(asked.path("args").path("command").asText()).isEqualTo("rm -rf build-approve");
            Thread.sleep(300);
            assertThat(dir).exists(); // nothing ran while waiting

            ws.send(Json.write(Json.object().put("type", "approval").put("request_id", asked.path("request_id").asText())
                    .put("approved", true)));
            JsonNode result = ws.awaitType("tool_result");
            assertThat(result.path("success").asBoolean()).isTrue();
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
            assertThat(dir).doesNotExist();

            // The same request cannot be answered twice, and made-up ids are refused.
            ws.send(Json.write(Json.object().put("type", "approval").put("request_id", asked.path("request_id").asText())
                    .put("approved", false)));
            awaitError(ws, "unknown_approval");
        }
    }

    @Test
    void denyingOnTheWebSocketWithTheCommandKeepsTheFilesAndTellsTheModel() throws Exception {
        Path dir = scratch("build-deny");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_rm2", "run_shell", shell("rm -r build-deny"))));
        live.llama().enqueue(Reply.text("Understood, I left it alone."));
        try (WsTestClient ws = live.gateway().connect("deny-ws")) {
            ws.sendUserMessage("remove build-deny");
            ws.awaitType("approval_requested");
            ws.sendUserMessage("/deny");
            ws.awaitType("stream_end"); // the command's answer and the tool result race; look at both afterwards
            JsonNode denied = ofType(ws.seen(), "command_result").get(0);
            assertThat(denied.path("text").asText()).startsWith("🚫 Denied: run_shell");
            JsonNode result = ofType(ws.seen(), "tool_result").get(0);
            assertThat(result.path("success").asBoolean()).isFalse();
            assertThat(result.path("error").asText()).contains("not run").contains("denied by websocket");
        }
        assertThat(dir.resolve("inner/file.txt")).exists();
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        assertThat(messages.get(messages.size() - 1).path("content").asText()).contains("not run").contains("denied");
    }

    @Test
    void harmlessCommandsRunWithoutAsking() throws Exception {
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_ls", "run_shell", shell("ls -la && echo done"))));
        live.llama().enqueue(Reply.text("Listed."));
        try (WsTestClient ws = live.gateway().connect("harmless-ws")) {
            ws.sendUserMessage("list files");
            assertThat(ws.awaitType("tool_result").path("success").asBoolean()).isTrue();
            ws.awaitType("stream_end");
            assertThat(ws.seen()).noneMatch(f -> "approval_requested".equals(f.path("type").asText()));
        }
    }

    @Test
    void aTelegramUserIsAskedAndApprovesWithTheCommand() throws Exception {
        Path dir = scratch("build-telegram");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_rm3", "run_shell", shell("rm -rf build-telegram"))));
        live.llama().enqueue(Reply.text("Deleted build-telegram."));
        telegram.dm(111, "delete build-telegram please");
        FakeTelegram.Sent question = telegram.awaitTo("111", t -> t.startsWith("⚠️ Approval needed"), WAIT);
        assertThat(question.text()).as("the command in code font (Telegram HTML)").contains("<code>rm -rf build-telegram</code>").contains("'rm' is not one of the read-only commands").contains("/approve or /deny");
        assertThat(dir).exists();

        telegram.dm(111, "/approve");
        telegram.awaitTo("111", t -> t.startsWith("✅ Approved: run_shell"), WAIT);
        telegram.awaitTo("111", t -> t.equals("Deleted build-telegram."), WAIT);
        assertThat(dir).doesNotExist();

        telegram.dm(111, "/approve");
        telegram.awaitTo("111", t -> t.equals("Nothing is waiting for approval."), WAIT);
    }

    @Test
    void theOpenAiApiCannotAskSoDangerousCommandsAreDenied() throws Exception {
        Path dir = scratch("build-api");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_rm4", "run_shell", shell("rm -rf build-api"))));
        live.llama().enqueue(Reply.text("I could not delete it."));
        HttpResponse<String> response = live.gateway().post("/v1/chat/completions",
                "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"delete build-api\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.parse(response.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("I could not delete it.");
        assertThat(dir.resolve("inner/file.txt")).exists();
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        assertThat(messages.get(messages.size() - 1).path("content").asText())
                .contains("not run").contains("no one can be asked");
    }
}
