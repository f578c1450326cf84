package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket messages up to `gateway.api.max-body-bytes` are taken whole, in one frame as browsers send them (Vert.x's
 * defaults used to drop anything over 64 KiB a frame or 256 KiB a message without a word); a larger one gets a
 * `frame_too_large` error frame, the connection stays usable and nothing stored is lost.
 */
class WsMessageSizeTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.max-body-bytes", "600000");

    @Test
    void aMessageUpToTheLimitIsAnsweredAndALargerOneIsRefusedWithAFrame() throws Exception {
        live.llama().enqueue(Reply.text("Read it all."));
        live.llama().enqueue(Reply.text("Still here."));
        String big = "b".repeat(400_000);
        try (WsTestClient ws = live.gateway().connect("big-messages")) {
            ws.sendUserMessage(big);
            JsonNode end = ws.await(f -> f.path("type").asText().equals("stream_end"), Duration.ofSeconds(30));
            assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
            assertThat(live.llama().lastChatRequest().toString()).contains(big);

            ws.sendUserMessage("x".repeat(700_000));
            JsonNode error = ws.await(f -> f.path("type").asText().equals("error"), Duration.ofSeconds(10));
            assertThat(error.path("error").asText()).isEqualTo("frame_too_large");

            ws.sendUserMessage("and a small one");
            ws.await(f -> f.path("type").asText().equals("stream_end") && f != end, Duration.ofSeconds(30));
            assertThat(ws.isClosed()).isFalse();
        }
        JsonNode messages = Json.parse(live.gateway().get("/api/v1/sessions/big-messages/messages").body()).path("messages");
        assertThat(messages).extracting(m -> m.path("content").asText().length()).containsExactly(400_000, 12, 15, 11);
    }
}
