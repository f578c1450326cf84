package dev.hinksbot.gateway.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * Scheduled jobs ({@code gateway.cron.*}). {@code zone} is the jobs' default time zone: the gateway's one time zone
 * setting, {@code gateway.chat.time-zone} (also used by daily session resets), so the two can never disagree.
 * {@code grace}: after downtime, a missed occurrence at most this old still runs (once); older ones are skipped.
 */
public record CronConfig(boolean enabled, Duration tick, Duration grace, int maxParallel, Duration timeout, ZoneId zone) {

    public static CronConfig from(Map<String, String> p, ZoneId zone) {
        return new CronConfig(ConfigLoader.bool(p, "gateway.cron.enabled"), ConfigLoader.duration(p, "gateway.cron.tick"),
                ConfigLoader.duration(p, "gateway.cron.grace"), ConfigLoader.integer(p, "gateway.cron.max-parallel", 1, 64),
                ConfigLoader.duration(p, "gateway.cron.timeout"), zone);
    }
}
