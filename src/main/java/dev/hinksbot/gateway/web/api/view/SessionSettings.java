package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of creating or changing a session, and of changing the defaults: every field optional. Documents the
 * body only; SessionsApi and DefaultsApi read it field by field, so a bad field is a 400 naming that field.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionSettings(String title, String model, String systemPrompt, List<String> toolOptions, Integer maxTurns) {
}
