package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A gateway whose llama-server is not there: the API keeps answering, health says so, models is a clean 503. */
class RestLlamaDownTest {
    static GatewayHarness gateway;
    static String llamaUrl;

    @BeforeAll
    static void start() throws Exception {
        ScriptedLlamaServer gone = ScriptedLlamaServer.start();
        llamaUrl = gone.baseUrl();
        gone.close(); // nothing listens on this port any more
        gateway = GatewayHarness.start(llamaUrl);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void healthIsDegradedAndUnreachable() throws Exception {
        JsonNode h = json(gateway.get("/api/v1/health"), 200);
        assertThat(h.path("status").asText()).isEqualTo("degraded");
        assertThat(h.path("llama_server").path("status").asText()).isEqualTo("unreachable");
        assertThat(h.path("llama_server").path("message").asText()).contains(llamaUrl);
        assertThat(h.path("model").isNull()).isTrue();
    }

    @Test
    void modelsIs503ModelUnavailable() throws Exception {
        JsonNode e = error(gateway.get("/api/v1/models"), 503, "model_unavailable");
        assertThat(e.path("error").path("message").asText()).contains("not reachable");
    }

    @Test
    void theRestOfTheApiStillWorks() throws Exception {
        String id = json(gateway.post("/api/v1/sessions", "{\"title\":\"offline\"}"), 201).path("id").asText();
        assertThat(json(gateway.get("/api/v1/sessions/" + id), 200).path("title").asText()).isEqualTo("offline");
        assertThat(json(gateway.get("/api/v1/tools"), 200).path("tools")).isNotEmpty();
        assertThat(json(gateway.get("/api/v1/stats"), 200).path("sessions").asLong()).isEqualTo(1);
    }
}
