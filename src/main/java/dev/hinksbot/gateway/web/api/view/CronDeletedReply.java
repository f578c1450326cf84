package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A cron job deleted, in the /api/gui envelope. */
public record CronDeletedReply(boolean ok, DeletedJob data) {
    /** Which job. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeletedJob(String jobId, boolean deleted) {
    }
}
