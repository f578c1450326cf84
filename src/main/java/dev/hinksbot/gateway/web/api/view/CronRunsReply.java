package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A job's runs, newest first, in the /api/gui envelope. */
public record CronRunsReply(boolean ok, CronRuns data) {
    /** The runs of one job. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CronRuns(String jobId, List<CronRunView> runs) {
    }
}
