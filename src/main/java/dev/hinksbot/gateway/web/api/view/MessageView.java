package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A stored message. {@code toolCalls}: the assistant's tool calls as OpenAI's objects, or null; {@code outcome}: only
 * on tool messages, whose tool_success and tool_error come from the execution record (null when unknown).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageView(String id, String sessionId, String runId, String role, String content, String reasoning,
                          String toolCallId, String toolName, String status, Integer tokenCount, Integer promptTokens,
                          Integer completionTokens, Long durationMs, String createdAt,
                          @ArraySchema(schema = @Schema(type = "object")) JsonNode toolCalls,
                          @JsonUnwrapped ToolOutcome outcome) {
    /** What a tool message's execution ended with. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ToolOutcome(Boolean toolSuccess, String toolError) {
    }
}
