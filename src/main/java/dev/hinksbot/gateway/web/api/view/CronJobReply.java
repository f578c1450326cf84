package dev.hinksbot.gateway.web.api.view;

/** One cron job in the /api/gui envelope ({"ok":true,"data":…}). */
public record CronJobReply(boolean ok, CronJobView data) {
}
