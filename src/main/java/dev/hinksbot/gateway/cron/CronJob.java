package dev.hinksbot.gateway.cron;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A stored job. {@code deliver} is a delivery spec ({@code origin}, {@code local}, {@code telegram:123}, lists …);
 * {@code origin} names the chat the job was created from ({@code platform:chat[:thread]}), null when it came from the
 * API or the command line. {@code toolGroups} null means the gateway's default groups. {@code nextRunAt} is null once
 * the job is completed. {@code createdBy} says who made it ({@code user:telegram:456}, {@code api}, {@code cli},
 * {@code tool:<session>} …; null for jobs older than the column).
 */
public record CronJob(String id, String name, String prompt, String schedule, String scheduleKind, ZoneId zone,
                      String deliver, List<String> toolGroups, String model, String profile, Integer repeatLimit,
                      int runCount, String origin, String state, Instant anchorAt, Instant nextRunAt, Instant lastRunAt,
                      String lastStatus, Instant createdAt, Instant updatedAt, String createdBy) {
    public static final String SCHEDULED = "scheduled";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";

    public CronJob {
        toolGroups = toolGroups == null ? null : List.copyOf(toolGroups);
    }

    public boolean paused() {
        return PAUSED.equals(state);
    }

    public Schedule parsedSchedule() {
        // Stored schedules were validated when saved; "now" only matters for rejecting past one-shot times.
        return ScheduleParser.parse(schedule, zone, Instant.EPOCH);
    }
}
