package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Editing a route file while an answer streams: the route reloads, the answer finishes and is stored. */
class RouteReloadTest {

    @Test
    void editingTheRestRoutesReloadsThemWithoutDroppingARunningAnswer() throws Exception {
        Path routes = ShippedRoutes.copy();
        String answer = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(),
                     "camel.main.routes-reload-enabled", "true",
                     "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml",
                     "camel.main.routes-reload-directory", routes.toString())) {
            llama.enqueue(Reply.slow(answer, Duration.ofMillis(150)));
            try (WsTestClient ws = gateway.connect("reload")) {
                ws.sendUserMessage("count for me");
                ws.awaitType("content_block_delta");

                Path rest = routes.resolve("rest-api.yaml");
                Files.writeString(rest, Files.readString(rest).replace("\"Session metadata\"", "\"Session metadata, reloaded\""));

                JsonNode end = ws.await(f -> f.path("type").asText().equals("stream_end"), Duration.ofSeconds(30));
                assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !reloaded(gateway)) {
                Thread.sleep(200);
            }
            assertThat(reloaded(gateway)).as("the edited route is live").isTrue();
            assertThat(gateway.get("/api/v1/sessions/reload").statusCode()).isEqualTo(200);
            JsonNode messages = Json.parse(gateway.get("/api/v1/sessions/reload/messages").body()).path("messages");
            assertThat(messages.get(1).path("content").asText()).isEqualTo(answer);
            assertThat(messages.get(1).path("status").asText()).isEqualTo("complete");
        }
    }

    private static boolean reloaded(GatewayHarness gateway) {
        return gateway.app().camelContext().getRoutes().stream()
                .anyMatch(r -> r.getEndpoint().getEndpointUri().contains("reloaded"));
    }
}
