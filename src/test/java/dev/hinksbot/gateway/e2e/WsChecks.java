package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Shared checks for the WebSocket fault tests: frames as a user sees them, the store as the REST API shows it.
 * <p>
 * Known limitation: the vertx-websocket consumer hands the frames of one connection to unordered worker threads,
 * so two frames sent back-to-back may be handled out of order. The tests therefore wait for the effect of one frame
 * (an answer, an error, a pong) before sending the next. (The OPEN event is the exception: the gateway makes a
 * connection's frames wait for it.)
 */
final class WsChecks {
    private WsChecks() {
    }

    /** The session's stored messages, oldest first, through {@code GET /api/v1/sessions/{id}/messages}. */
    static List<JsonNode> stored(GatewayHarness gateway, String sessionId) throws Exception {
        HttpResponse<String> r = gateway.get("/api/v1/sessions/" + sessionId + "/messages?limit=500");
        assertThat(r.statusCode()).as("GET messages of %s: %s", sessionId, r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        Json.parse(r.body()).path("messages").forEach(out::add);
        return out;
    }

    /** Polls the REST API until the stored messages satisfy {@code until}; fails with the last state otherwise. */
    static List<JsonNode> awaitStored(GatewayHarness gateway, String sessionId, Predicate<List<JsonNode>> until,
                                      Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> last = List.of();
        while (System.nanoTime() < deadline) {
            last = stored(gateway, sessionId);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stored messages of " + sessionId + " did not reach the expected state within "
                + timeout + "; last: " + last);
    }

    /** Polls {@code condition} until true; fails naming {@code what}. */
    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    static List<JsonNode> ofType(List<JsonNode> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** The deltas of one block type, in arrival order. */
    static List<String> deltas(List<JsonNode> frames, String blockType) {
        return ofType(frames, "content_block_delta").stream()
                .filter(f -> blockType.equals(f.path("block_type").asText()))
                .map(f -> f.path("delta").asText())
                .toList();
    }

    static String text(List<JsonNode> frames) {
        return String.join("", deltas(frames, "text"));
    }

    static JsonNode awaitError(WsTestClient ws, String code, Duration timeout) throws InterruptedException {
        JsonNode error = ws.await(f -> "error".equals(f.path("type").asText()), timeout);
        assertThat(error.path("error").asText()).as("error frame %s", error).isEqualTo(code);
        assertThat(error.path("message").asText()).as("error frames carry a human-readable message").isNotBlank();
        return error;
    }

    static JsonNode awaitError(WsTestClient ws, String code) throws InterruptedException {
        return awaitError(ws, code, Duration.ofSeconds(10));
    }

    /** The connection still works: a ping is answered with a pong. */
    static void assertAlive(WsTestClient ws) throws InterruptedException {
        ws.send("{\"type\":\"ping\"}");
        ws.await(f -> "pong".equals(f.path("type").asText()), Duration.ofSeconds(5));
        assertThat(ws.isClosed()).isFalse();
    }

    static ObjectNode userMessage(String content) {
        return Json.object().put("type", "user_message").put("content", content);
    }

    static List<String> roles(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("role").asText()).toList();
    }

    /** Asserts the user's message is stored, complete, exactly as sent. */
    static void assertUserKept(List<JsonNode> messages, String content) {
        assertThat(messages).as("stored messages").anySatisfy(m -> {
            assertThat(m.path("role").asText()).isEqualTo("user");
            assertThat(m.path("content").asText()).isEqualTo(content);
            assertThat(m.path("status").asText()).isEqualTo("complete");
        });
    }

    /** The model request's messages with this role, as texts. */
    static List<String> requestContents(JsonNode chatRequest, String role) {
        List<String> out = new ArrayList<>();
        chatRequest.path("messages").forEach(m -> {
            if (role.equals(m.path("role").asText())) {
                out.add(m.path("content").asText());
            }
        });
        return out;
    }
}
