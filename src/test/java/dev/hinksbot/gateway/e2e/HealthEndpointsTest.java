package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.fakes.SqliteLockHolder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health/live and /health/ready as a monitor (systemd, a container probe) calls them: no key, status code first. */
class HealthEndpointsTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.key", "health-key-77", "gateway.database.busy-timeout", "1s");

    /** Without the key, as a monitor calls it. */
    private HttpResponse<String> probe(GatewayHarness gateway, String path) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode c : body.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    @Test
    void readyAndLiveWhenEverythingRuns() throws Exception {
        JsonNode ready = json(probe(live.gateway(), "/health/ready"), 200);
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(check(ready, "store").path("status").asText()).isEqualTo("UP");
        assertThat(check(ready, "context").path("status").asText()).isEqualTo("UP");
        assertThat(check(ready, "llama-server").path("status").asText()).isEqualTo("UP");
        assertThat(check(ready, "routes").path("status").asText()).isEqualTo("UP");
        assertThat(check(ready, "routes").path("message").asText()).endsWith("routes started");
        JsonNode liveness = json(probe(live.gateway(), "/health/live"), 200);
        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        // the API's own health stays as it was
        assertThat(json(probe(live.gateway(), "/api/v1/health"), 200).path("status").asText()).isEqualTo("ok");
        // a foreign page cannot read it either
        error(live.gateway().send(HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + "/health/ready"))
                .header("Origin", "https://evil.example").GET().build()), 403, "origin_not_allowed");
    }

    @Test
    void notReadyWhileARouteIsStopped() throws Exception {
        var routes = live.gateway().app().camelContext().getRouteController();
        routes.stopRoute("deliver");
        try {
            JsonNode ready = json(probe(live.gateway(), "/health/ready"), 503);
            assertThat(check(ready, "routes").path("status").asText()).isEqualTo("DOWN");
            assertThat(check(ready, "routes").path("message").asText()).isEqualTo("not started: deliver");
        } finally {
            routes.startRoute("deliver");
        }
        assertThat(json(probe(live.gateway(), "/health/ready"), 200).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void notReadyWhileAnotherProcessHoldsTheDatabaseLockButStillLive() throws Exception {
        try (SqliteLockHolder lock = SqliteLockHolder.hold(live.gateway().dir().resolve("gateway.db"), Duration.ofSeconds(4))) {
            JsonNode ready = json(probe(live.gateway(), "/health/ready"), 503);
            assertThat(ready.path("status").asText()).isEqualTo("DOWN");
            JsonNode store = check(ready, "store");
            assertThat(store.path("status").asText()).isEqualTo("DOWN");
            assertThat(store.path("fatal").asBoolean()).isTrue();
            assertThat(store.path("message").asText()).contains("does not take writes");
            assertThat(json(probe(live.gateway(), "/health/live"), 200).path("status").asText()).isEqualTo("UP");
            lock.awaitReleased(Duration.ofSeconds(15));
        }
        assertThat(json(probe(live.gateway(), "/health/ready"), 200).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aStoppedLlamaServerIsReportedButTheGatewayStaysReady() throws Exception {
        ScriptedLlamaServer gone = ScriptedLlamaServer.start();
        String url = gone.baseUrl();
        gone.close();
        try (GatewayHarness gateway = GatewayHarness.start(url)) {
            JsonNode ready = json(probe(gateway, "/health/ready"), 200);
            assertThat(ready.path("status").asText()).isEqualTo("UP");
            JsonNode llama = check(ready, "llama-server");
            assertThat(llama.path("status").asText()).isEqualTo("DOWN");
            assertThat(llama.path("fatal").asBoolean()).isFalse();
            assertThat(llama.path("message").asText()).isNotBlank();
        }
    }
}
