package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The settings of sessions without their own, in effect now; {@code configured}: the values of the configuration
 * they fall back to; {@code saved}: the names of the fields changed through the API.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DefaultsView(String model, String systemPrompt, int maxTurns, List<String> toolOptions,
                           Values configured, List<String> saved) {

    /** The values as configured. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Values(String model, String systemPrompt, int maxTurns, List<String> toolOptions) {
    }
}
