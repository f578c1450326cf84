package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void aiSdkGenerateTextWithAToolRunsItsStepsOverTheResponsesApi() throws Exception {
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_oslo", "get_weather", "{\"city\":\"Oslo\"}")));
        live.llama().enqueue(Reply.text("It is snowing in Oslo."));
        node("ai-sdk-tools.mjs");
        // the second step replayed the tool turn: an assistant message with the call, then its result
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        JsonNode assistant = messages.get(messages.size() - 2);
        JsonNode result = messages.get(messages.size() - 1);
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_oslo");
        assertThat(result.path("role").asText()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asText()).isEqualTo("call_oslo");
        assertThat(result.path("content").asText()).contains("snow in Oslo");
    }
}
