package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With gateway.log.format=json every line the gateway prints, from its first to its last, is one JSON object. */
class JsonLogTest {
    @Test
    void everyLineOfAStartAndAStopIsOneJsonObject() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-json-log");
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayProcess gateway = GatewayProcess.start(llama.baseUrl(), dir, "gateway.log", Map.of("gateway.log.format", "json"))) {
            assertThat(gateway.get("/api/v1/health").statusCode()).isEqualTo(200);
            gateway.terminate();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : gateway.log().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(Json.parse(line)); // throws on a line that is not JSON
                }
            }
            assertThat(lines).allSatisfy(l -> assertThat(l.path("level").asText()).isNotEmpty());
            assertThat(lines).anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).contains("set by"));
            assertThat(lines).anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).contains("HinksBot Gateway listening"));
        }
    }
}
