package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of changing the defaults: each field optional, null puts it back to the configured value. Documents the
 * body only; DefaultsApi reads it field by field, so an unknown or bad field is a 400 naming that field.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DefaultsChange(String model, String systemPrompt, List<String> toolOptions, Integer maxTurns) {
}
