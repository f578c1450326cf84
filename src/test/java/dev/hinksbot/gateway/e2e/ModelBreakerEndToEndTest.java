package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A llama-server that stops answering entirely (like SIGSTOP: connections accepted, nothing answered, not even
 * /health). New runs must fail within a few seconds with model_unavailable — on the WebSocket, on /v1 (agent
 * profile and pass-through) — instead of waiting for the 300 s request timeout; once it answers again, runs work.
 */
class ModelBreakerEndToEndTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.llama.breaker.probe-interval", "1s",
            "gateway.llama.breaker.probe-timeout", "1s", "gateway.llama.idle-timeout", "60s");

    @Test
    void aFrozenLlamaServerFailsNewRunsFastAndTheyWorkAgainWhenItAnswers() throws Exception {
        GatewayHarness gateway = live.gateway();
        awaitBreakerClosed(gateway); // the other test may have left it open a moment ago
        live.llama().setDefaultReply(Reply.text("Alive."));
        try (WsTestClient ws = gateway.connect("frozen")) {
            ws.sendUserMessage("before");
            ws.awaitType("stream_end");
            assertThat(text(ws.seen())).contains("Alive.");

            live.llama().setFrozen(true);
            try {
                long t0 = System.nanoTime();
                ws.sendUserMessage("while frozen");
                JsonNode error = awaitError(ws, "model_unavailable", Duration.ofSeconds(6));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                assertThat(error.path("message").asText()).contains(live.llama().baseUrl().replace("http://", ""));
                assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("error");

                // once open, the breaker answers at once: the agent path and the pass-through
                t0 = System.nanoTime();
                HttpResponse<String> agent = gateway.post("/v1/chat/completions",
                        "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                JsonNode e = error(agent, 503, "model_unavailable");
                assertThat(e.path("error").path("type").asText()).isEqualTo("upstream_error");
                HttpResponse<String> passThrough = gateway.post("/v1/chat/completions",
                        "{\"model\":\"fake-model.gguf\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                error(passThrough, 503, "model_unavailable");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
                assertThat(json(gateway.get("/api/v1/health"), 200).path("llama_server").path("status").asText())
                        .isEqualTo("unreachable");
            } finally {
                live.llama().setFrozen(false);
            }

            // closes by itself: the next probe finds llama-server answering
            awaitTrue(() -> {
                try {
                    return gateway.post("/v1/chat/completions",
                            "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}").statusCode() == 200;
                } catch (Exception ex) {
                    return false;
                }
            }, Duration.ofSeconds(10), "a run succeeds after llama-server answers again");
            ws.sendUserMessage("after");
            assertThat(ws.awaitType("stream_end").path("stop_reason").asText()).isEqualTo("stop");
        }
    }

    @Test
    void aRunWaitingForAnAnswerWhenTheServerFreezesIsFailedWhenTheBreakerOpens() throws Exception {
        GatewayHarness gateway = live.gateway();
        awaitBreakerClosed(gateway);
        live.llama().setFrozen(true);
        try (WsTestClient ws = gateway.connect("pending")) {
            long t0 = System.nanoTime();
            ws.sendUserMessage("sent just as it froze"); // the breaker is still closed: this call goes out and hangs
            awaitError(ws, "model_unavailable", Duration.ofSeconds(8));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
        } finally {
            live.llama().setFrozen(false);
        }
    }

    /** Waits until a run goes through: the llama-server fake answers and the breaker has seen it. */
    private static void awaitBreakerClosed(GatewayHarness gateway) throws InterruptedException {
        awaitTrue(() -> {
            try {
                return gateway.post("/v1/chat/completions",
                        "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"warm\"}]}").statusCode() == 200;
            } catch (Exception ex) {
                return false;
            }
        }, Duration.ofSeconds(10), "the breaker is closed");
    }
}
