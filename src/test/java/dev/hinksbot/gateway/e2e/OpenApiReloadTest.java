package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user edits routes/rest-api.yaml while the gateway runs: once Camel has reloaded it, /api/v1/openapi.json
 * describes the edited routes (Camel's own api route kept the document of start-up).
 */
class OpenApiReloadTest {
    static final Path routes = ShippedRoutes.copy();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml,file:processors/*.java",
            "camel.main.routes-reload-enabled", "true",
            "camel.main.routes-reload-directory", routes.toString(),
            "camel.main.routes-reload-pattern", "*.yaml");

    @Test
    void anEditedRestRouteIsInTheDocumentAfterTheReload() throws Exception {
        String before = "Gateway status with llama-server reachability and model (no auth needed)";
        String after = "Is the gateway up? (edited while it runs)";
        assertThat(summary(docNow())).isEqualTo(before);

        Path file = routes.resolve("rest-api.yaml");
        String yaml = Files.readString(file);
        assertThat(yaml).contains(before);
        Files.writeString(file, yaml.replace(before, after));

        // the watcher sees the file change on its own schedule: wait for the reload, not for a fixed time (while Camel
        // swaps the file's routes, their endpoints answer 503 for a moment)
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var r = live.gateway().get("/api/v1/openapi.json");
                    return r.statusCode() == 200 && after.equals(summary(dev.hinksbot.gateway.common.Json.parse(r.body())));
                });
        JsonNode doc = docNow();
        assertThat(doc.path("paths").path("/api/v1/sessions").path("get").path("operationId").asText()).isEqualTo("api-get-sessions");
        // the reloaded routes still answer, and the document lists each operation once
        json(live.gateway().get("/api/v1/health"), 200);
        assertThat(doc.path("paths").path("/api/v1/health").size()).isEqualTo(1);
    }

    private static JsonNode docNow() throws Exception {
        return json(live.gateway().get("/api/v1/openapi.json"), 200);
    }

    private static String summary(JsonNode doc) {
        return doc.path("paths").path("/api/v1/health").path("get").path("summary").asText();
    }
}
