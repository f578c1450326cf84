package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static dev.hinksbot.gateway.e2e.WsChecks.awaitError;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.SqliteLockHolder;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Another process holds the gateway's database lock longer than gateway.database.busy-timeout: the REST API answers
 * 503 store_busy (OpenAI error shape), the WebSocket an error frame store_busy, and once the lock is gone the very
 * next writes work again (the old "cannot commit - no transaction is active" state must not come back).
 */
class StoreBusyEndToEndTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.database.busy-timeout", "2s");

    @Test
    void aLockHeldPastTheBusyTimeoutIs503StoreBusyAndTheNextWriteWorks() throws Exception {
        GatewayHarness gateway = live.gateway();
        String id = json(gateway.post("/api/v1/sessions", "{\"title\":\"before\"}"), 201).path("id").asText();
        live.llama().setDefaultReply(Reply.text("Stored fine."));
        try (WsTestClient ws = gateway.connect(id)) {
            try (SqliteLockHolder lock = SqliteLockHolder.hold(gateway.dir().resolve("gateway.db"), Duration.ofSeconds(7))) {
                long t0 = System.nanoTime();
                HttpResponse<String> busy = gateway.post("/api/v1/sessions", "{\"title\":\"during\"}");
                JsonNode e = error(busy, 503, "store_busy");
                assertThat(e.path("error").path("type").asText()).isEqualTo("upstream_error");
                assertThat(e.path("error").path("message").asText()).contains("gateway.database.busy-timeout");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));

                ws.sendUserMessage("written while locked");
                JsonNode frame = awaitError(ws, "store_busy", Duration.ofSeconds(6));
                assertThat(frame.path("message").asText()).contains("nothing was sent to the model");
                assertThat(live.llama().chatRequests()).isEmpty();
                lock.awaitReleased(Duration.ofSeconds(15));
            }
            json(gateway.post("/api/v1/sessions", "{\"title\":\"after\"}"), 201);
            ws.sendUserMessage("written after the lock");
            ws.awaitType("stream_end");
            assertThat(text(ws.seen())).contains("Stored fine.");
        }
        JsonNode messages = json(gateway.get("/api/v1/sessions/" + id + "/messages"), 200);
        assertThat(messages.toString()).contains("written after the lock").doesNotContain("written while locked");
    }
}
