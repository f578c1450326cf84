package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The gateway's status (no key needed, so no secret and no file path): `ok` only when llama-server is ready too;
 * {@code authRequired} says whether the other endpoints need the API key; {@code pollers}: each platform account
 * this gateway polls ("polling") or leaves to another gateway ("standby").
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthView(@Schema(allowableValues = {"ok", "degraded"}) String status, String model, long uptimeS,
                         int activeRuns, boolean authRequired, LlamaServer llamaServer, Map<String, String> pollers) {

    /** The llama-server the gateway talks to; {@code process} only when the gateway runs it itself. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LlamaServer(String status, String message, String url, boolean managed,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Process process) {
    }

    /** The managed llama-server process. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Process(String state, long pid, int restarts, String lastExit) {
    }
}
