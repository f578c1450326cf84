package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The models llama-server serves, and the configured default (null: llama-server's own). */
public record ModelsView(@JsonProperty("default") String defaultModel, List<ModelView> models) {

    /** One model; {@code meta} is llama-server's own description of it (context size, parameters …), when it gives one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelView(String id, String ownedBy,
                            @Schema(type = "object", description = "llama-server's model metadata") JsonNode meta) {
    }
}
