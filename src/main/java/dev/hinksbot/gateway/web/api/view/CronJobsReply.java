package dev.hinksbot.gateway.web.api.view;

import java.util.List;

/** All cron jobs in the /api/gui envelope. */
public record CronJobsReply(boolean ok, CronJobs data) {
    /** The jobs. */
    public record CronJobs(List<CronJobView> jobs) {
    }
}
