package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A cron job: the seed's summary (job_id, name, schedule, deliver, paused, next_run_at, last_run_at) plus the rest;
 * {@code nextRuns}: its next five times; {@code repeat}: how many runs it makes at most (null: no limit).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CronJobView(String jobId, String name, String schedule, String deliver, boolean paused, String nextRunAt,
                          String lastRunAt, String prompt, String scheduleKind, String timeZone, String state,
                          String lastStatus, String origin, String createdBy, List<String> toolGroups, String model,
                          String profile, Integer repeat, int runCount, List<String> nextRuns, String createdAt,
                          String updatedAt) {
}
