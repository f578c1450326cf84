package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One run of a cron job, with the delivery state of each target from the outbox. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CronRunView(String runId, String jobId, String scheduledFor, String trigger, String status, boolean silent,
                          String sessionId, String startedAt, String finishedAt, String output, String error,
                          String deliver, List<Delivery> deliveries) {

    /** Where a run's answer went; {@code files}: what a local delivery wrote, only when it wrote something. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Delivery(String target, String status, int attempts, String lastError, String deliveredAt,
                           List<String> outboxIds, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> files) {
    }
}
