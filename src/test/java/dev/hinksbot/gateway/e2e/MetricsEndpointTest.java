package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.WsChecks.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics as a Prometheus server scrapes it: valid text, Camel's route meters and ours, moving when a chat runs. */
class MetricsEndpointTest {
    private static final String KEY = "metrics-key-5c1e";

    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.key", KEY);

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = live.gateway().get("/metrics");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(r.body());
    }

    @Test
    void aChatWithToolsMovesTheCountersAndHistograms() throws Exception {
        PrometheusText before = scrape();
        assertThat(before.hasFamilyStartingWith("camel_exchanges_total")).as("Camel's own meters").isTrue();
        assertThat(before.value("hinksbot_runs_active")).isEqualTo(0.0);
        assertThat(before.value("hinksbot_outbox_depth")).isEqualTo(0.0);

        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("c1", "file_read", "{\"path\":\"missing.txt\"}"),
                new ToolCallSpec("c2", "made_up_tool_x9", "{}")));
        live.llama().enqueue(Reply.text("Nothing there."));
        try (WsTestClient ws = live.gateway().connect("metrics-chat")) {
            // the socket counts as open while it is
            assertThat(awaitGauge("hinksbot_websockets_open", 1.0)).isTrue();
            ws.send(Json.write(userMessage("Read missing.txt")));
            ws.awaitType("stream_end");
        }
        PrometheusText after = scrape();
        assertThat(after.count("hinksbot_runs_total", "surface", "websocket", "status", "completed")
                - before.count("hinksbot_runs_total", "surface", "websocket", "status", "completed")).isEqualTo(1.0);
        assertThat(after.count("hinksbot_tokens_total", "surface", "websocket", "direction", "in")
                - before.count("hinksbot_tokens_total", "surface", "websocket", "direction", "in")).isPositive();
        assertThat(after.count("hinksbot_tokens_total", "surface", "websocket", "direction", "out")
                - before.count("hinksbot_tokens_total", "surface", "websocket", "direction", "out")).isPositive();
        // a real tool that failed (no such file), and a name the model made up, counted without its name
        assertThat(after.count("hinksbot_tool_calls_total", "tool", "file_read", "status", "error")).isEqualTo(1.0);
        assertThat(after.count("hinksbot_tool_calls_total", "tool", "unknown", "status", "error")).isEqualTo(1.0);
        assertThat(after.hasFamilyStartingWith("hinksbot_tool_calls_total{status=\"error\",tool=\"made_up")).isFalse();
        // two model calls, the second streamed text: both latencies, one first token
        assertThat(after.count("hinksbot_model_latency_seconds_count") - before.count("hinksbot_model_latency_seconds_count")).isEqualTo(2.0);
        assertThat(after.count("hinksbot_model_first_token_seconds_count")
                - before.count("hinksbot_model_first_token_seconds_count")).isEqualTo(1.0);
        assertThat(after.value("hinksbot_model_latency_seconds_bucket", "le", "+Inf")).isEqualTo(after.count("hinksbot_model_latency_seconds_count"));
        assertThat(after.value("hinksbot_runs_active")).isEqualTo(0.0);
        assertThat(awaitGauge("hinksbot_websockets_open", 0.0)).isTrue();
        // Camel's route meters count the WebSocket route's exchanges
        assertThat(after.hasFamilyStartingWith("camel_exchanges_total{")).isTrue();
    }

    @Test
    void passThroughRequestsAreCountedByPathAndStatus() throws Exception {
        String ok = "hinksbot_passthrough_requests_seconds_count";
        PrometheusText before = scrape();
        double okBefore = before.count(ok, "path", "/v1/chat/completions", "status", "200");
        double failedBefore = before.count(ok, "path", "/v1/chat/completions", "status", "503");

        // an upstream model: forwarded unchanged on the fast path, which no Camel route meter sees
        live.llama().enqueue(Reply.text("Passed through."));
        HttpResponse<String> r = live.gateway().send(live.gateway().request("/v1/chat/completions")
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"upstream.gguf\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        live.llama().enqueue(Reply.error(503, "unavailable_error", "Loading model"));
        HttpResponse<String> loading = live.gateway().send(live.gateway().request("/v1/chat/completions")
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"upstream.gguf\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loading.statusCode()).isEqualTo(503);

        // recorded when the answer has ended on the gateway's side, which is just after the client has it
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        PrometheusText after = scrape();
        while (after.count(ok, "path", "/v1/chat/completions", "status", "503") == failedBefore && System.nanoTime() < end) {
            Thread.sleep(25);
            after = scrape();
        }
        assertThat(after.count(ok, "path", "/v1/chat/completions", "status", "200") - okBefore).isEqualTo(1.0);
        assertThat(after.count(ok, "path", "/v1/chat/completions", "status", "503") - failedBefore).isEqualTo(1.0);
        assertThat(after.value("hinksbot_passthrough_requests_seconds_bucket", "path", "/v1/chat/completions", "status", "200",
                "le", "+Inf")).isEqualTo(after.count(ok, "path", "/v1/chat/completions", "status", "200"));
    }

    @Test
    void refusedWithoutTheKeyOrFromAForeignPage() throws Exception {
        HttpRequest.Builder plain = HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + "/metrics")).timeout(Duration.ofSeconds(10));
        error(live.gateway().send(plain.copy().GET().build()), 401, "unauthorized");
        error(live.gateway().send(plain.copy().header("Authorization", "Bearer wrong").GET().build()), 401, "unauthorized");
        HttpResponse<String> foreign = live.gateway().send(live.gateway().request("/metrics")
                .header("Origin", "https://evil.example").GET().build());
        error(foreign, 403, "origin_not_allowed");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private boolean awaitGauge(String name, double expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            Double v = scrape().value(name);
            if (v != null && v == expected) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }
}
