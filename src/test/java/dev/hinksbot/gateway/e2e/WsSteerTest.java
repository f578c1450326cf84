package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitStored;
import static dev.hinksbot.gateway.e2e.WsChecks.ofType;
import static dev.hinksbot.gateway.e2e.WsChecks.roles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Busy mode `steer`: a message sent during an answer joins that answer before its next model turn. */
class WsSteerTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.chat.busy-mode", "steer");

    @Test
    void aMessageDuringAToolTurnIsFoldedIntoTheRunningAnswer() throws Exception {
        live.llama().enqueue(Reply.textThenToolCalls("Let me look at the machine first.",
                new ToolCallSpec("call_m", "sys_metrics", "{}")).withDelay(Duration.ofMillis(150)));
        live.llama().enqueue(Reply.text("Memory is fine, and so is the disk."));
        int requestsBefore = live.llama().chatRequests().size();
        try (WsTestClient ws = live.gateway().connect("steer-tool")) {
            ws.sendUserMessage("How is the machine?");
            ws.awaitType("content_block_delta");
            ws.sendUserMessage("Also check the disk.");
            ws.awaitType("steered");
            JsonNode end = ws.awaitType("stream_end");
            assertThat(end.path("usage").path("turns").asInt()).isEqualTo(2);
            assertThat(ofType(ws.seen(), "stream_start")).hasSize(1); // one answer, not two
        }
        List<JsonNode> requests = live.llama().chatRequests();
        assertThat(requests).hasSize(requestsBefore + 2);
        JsonNode second = requests.get(requests.size() - 1).path("messages");
        List<String> tail = new ArrayList<>();
        for (int i = second.size() - 3; i < second.size(); i++) {
            tail.add(second.get(i).path("role").asText());
        }
        assertThat(tail).containsExactly("assistant", "tool", "user");
        assertThat(second.get(second.size() - 1).path("content").asText()).isEqualTo("Also check the disk.");

        List<JsonNode> stored = awaitStored(live.gateway(), "steer-tool", m -> m.size() == 5, Duration.ofSeconds(5));
        assertThat(roles(stored)).containsExactly("user", "assistant", "tool", "user", "assistant");
    }

    @Test
    void aMessageDuringTheFinalTurnIsAnsweredNext() throws Exception {
        live.llama().enqueue(Reply.slow("one two three four five six", Duration.ofMillis(120)));
        live.llama().enqueue(Reply.text("Yes, seven comes next."));
        try (WsTestClient ws = live.gateway().connect("steer-last")) {
            ws.sendUserMessage("Count to six.");
            ws.awaitType("content_block_delta");
            ws.sendUserMessage("And then?");
            ws.awaitType("steered");
            ws.await(f -> "stream_end".equals(f.path("type").asText())
                    && ofType(ws.seen(), "stream_end").size() == 2, Duration.ofSeconds(15));
            assertThat(ofType(ws.seen(), "stream_start")).hasSize(2);
        }
        List<JsonNode> stored = awaitStored(live.gateway(), "steer-last", m -> m.size() == 4, Duration.ofSeconds(5));
        assertThat(roles(stored)).containsExactly("user", "assistant", "user", "assistant");
        assertThat(stored.get(2).path("content").asText()).isEqualTo("And then?");
        assertThat(stored.get(1).path("content").asText()).isEqualTo("one two three four five six");
    }
}
