package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What a tool run directly answered. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ToolCallResult(String tool, boolean success, String result, String error, long durationMs) {
}
