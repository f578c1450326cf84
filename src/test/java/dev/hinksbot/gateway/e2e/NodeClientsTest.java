package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real npm clients (pinned in src/test/node/package.json) against the gateway and the scripted llama-server. Skipped
 * when their packages are not installed (`npm ci --prefix src/test/node`, which .ci/run does).
 */
class NodeClientsTest {
    private static final Path DIR = Path.of("src/test/node");

    @RegisterExtension
    static final LiveGateway live = new LiveGateway();

    private static String node(String script) throws Exception {
        assumeTrue(Files.isDirectory(DIR.resolve("node_modules")), "npm packages not installed in " + DIR);
        Process p = new ProcessBuilder("node", script, live.gateway().baseUrl()).directory(DIR.toFile()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Scripts one tool call of get_weather for {@code city}, then the final answer. */
    private static void scriptWeather(String callId, String city) {
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec(callId, "get_weather", "{\"city\":\"" + city + "\"}")));
        live.llama().enqueue(Reply.text("It is snowing in " + city + "."));
    }

    /** The request replayed the tool turn at its end: an assistant message with the call, then the tool's result. */
    private static void assertReplayedToolTurn(JsonNode request, String callId, String city) {
        JsonNode messages = request.path("messages");
        JsonNode assistant = messages.get(messages.size() - 2);
        JsonNode result = messages.get(messages.size() - 1);
        assertThat(assistant.path("role").asText()).as(messages.toString()).isEqualTo("assistant");
        assertThat(assistant.path("tool_calls")).as(messages.toString()).hasSize(1);
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo(callId);
        assertThat(assistant.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(result.path("role").asText()).as(messages.toString()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asText()).isEqualTo(callId);
        assertThat(result.path("content").asText()).contains("snow in " + city);
    }

    @Test
    void aiSdkGenerateTextWithAToolRunsItsStepsOverTheResponsesApi() throws Exception {
        scriptWeather("call_oslo", "Oslo");
        node("ai-sdk-tools.mjs");
        assertReplayedToolTurn(live.llama().lastChatRequest(), "call_oslo", "Oslo");
    }

    @Test
    void aiSdkOpenAiCompatibleProviderRunsToolStepsOverChatCompletions() throws Exception {
        scriptWeather("call_tromso", "Tromsø");
        node("ai-sdk-compatible-tools.mjs");
        assertReplayedToolTurn(live.llama().lastChatRequest(), "call_tromso", "Tromsø");
    }

    @Test
    void openAiAgentsRunsAFunctionToolAgentOverResponsesAndOverChatCompletions() throws Exception {
        int before = live.llama().chatRequests().size();
        scriptWeather("call_oslo_agents", "Oslo");
        scriptWeather("call_bergen_agents", "Bergen");
        node("openai-agents-tools.mjs");
        List<JsonNode> requests = live.llama().chatRequests();
        assertThat(requests).hasSize(before + 4);
        // Responses mode: the SDK sent function_call + function_call_output items, the gateway replayed them as a turn
        assertReplayedToolTurn(requests.get(before + 1), "call_oslo_agents", "Oslo");
        // Chat Completions mode: the SDK sent the assistant tool_calls message and the tool message itself
        assertReplayedToolTurn(requests.get(before + 3), "call_bergen_agents", "Bergen");
    }

    @Test
    void langChainBindToolsLoopOverChatCompletions() throws Exception {
        scriptWeather("call_stavanger", "Stavanger");
        node("langchain-tools.mjs");
        assertReplayedToolTurn(live.llama().lastChatRequest(), "call_stavanger", "Stavanger");
    }
}
