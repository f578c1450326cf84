package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's own quick start: the real llama-server with the stories model at `-c 2048`, the default tools on.
 * Every turn of a conversation is answered in full: the answer ends because the model stopped (or, at worst, the
 * slot is full), never at a `max_tokens` the gateway invented (it used to send 16 from the second turn on).
 */
class RealLlamaFullAnswersTest {
    static RealLlama llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RealLlama.unavailable() == null, RealLlama.unavailable());
        llama = RealLlama.start("real-llama-server-full-answers.log", "-c", "2048", "-t", "2", "--seed", "7");
        gateway = GatewayHarness.start(llama.url()); // default tool groups: their schemas go with every request
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (llama != null) {
            llama.close();
        }
    }

    @Test
    void everyTurnOfAConversationIsAnsweredInFull() throws Exception {
        List<Integer> completions = new ArrayList<>();
        try (WsTestClient ws = gateway.connect("full-answers")) {
            for (String prompt : List.of("Once upon a time there was a cat", "And then what happened?")) {
                int before = ws.seen().size();
                ws.sendUserMessage(prompt);
                JsonNode end = ws.await(f -> f.path("type").asText().equals("stream_end")
                        && ws.seen().indexOf(f) >= before, Duration.ofSeconds(120));
                assertThat(end.path("stop_reason").asText()).as("turn %s", prompt).isIn("stop", "length");
                completions.add(end.path("usage").path("completion_tokens").asInt());
            }
        }
        // Turn 1 used to be cut at ~100 tokens and every later turn at exactly 16; the tiny model rarely stops by
        // itself, so its answers now run until it does or the 2,048-token slot is full (the history is trimmed for it).
        assertThat(completions).as("completion tokens per turn").allSatisfy(n -> assertThat(n).isGreaterThan(150));
        JsonNode messages = Json.parse(gateway.get("/api/v1/sessions/full-answers/messages").body()).path("messages");
        List<String> statuses = new ArrayList<>();
        messages.forEach(m -> statuses.add(m.path("role").asText() + ":" + m.path("status").asText()));
        assertThat(statuses).containsExactly("user:complete", "assistant:complete", "user:complete", "assistant:complete");
    }
}
