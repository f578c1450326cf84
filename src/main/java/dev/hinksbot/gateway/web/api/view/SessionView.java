package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A session; {@code toolOptions} null means the default tools, empty means none; {@code activeRunId} a run in flight. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionView(String id, String title, String model, String systemPrompt, List<String> toolOptions,
                          Integer maxTurns, String createdAt, String updatedAt, long messageCount, String activeRunId) {
}
