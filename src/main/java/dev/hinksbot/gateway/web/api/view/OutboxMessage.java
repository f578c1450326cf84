package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** One outgoing chat platform message (part of parts) and its delivery state; {@code ackId} is the platform's id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OutboxMessage(String id, String platform, String chatId, String threadId,
                            @Schema(allowableValues = {"pending", "sending", "delivered", "failed", "unknown"}) String status,
                            int part, int parts, int attempts, String text, String lastError, String ackId,
                            String createdAt, String nextAttemptAt, String deliveredAt) {
}
