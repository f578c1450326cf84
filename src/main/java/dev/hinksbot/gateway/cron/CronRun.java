package dev.hinksbot.gateway.cron;

import java.time.Instant;
import java.util.List;

/**
 * One occurrence of a job: {@code status} running, ok, failed or skipped; {@code silent} when the answer was
 * {@code [SILENT]}. {@code outboxIds} link to the outbox rows the delivery wrote: what they say is the delivery truth.
 */
public record CronRun(String id, String jobId, Instant scheduledFor, String trigger, String status, boolean silent,
                      String sessionId, Instant startedAt, Instant finishedAt, String output, String error,
                      String deliver, List<String> outboxIds, List<String> savedFiles, String deliveryError) {
    public static final String RUNNING = "running";
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public CronRun {
        outboxIds = outboxIds == null ? List.of() : List.copyOf(outboxIds);
        savedFiles = savedFiles == null ? List.of() : List.copyOf(savedFiles);
    }
}
