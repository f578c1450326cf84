package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A message matching a search; {@code snippet} has the matches highlighted. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchHitView(String sessionId, String sessionTitle, String messageId, String role, String snippet,
                            double score, String createdAt) {
}
