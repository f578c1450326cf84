package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of creating (prompt and schedule needed) or changing a cron job. Documents the body only: CronApi reads
 * it field by field, so an unknown or bad field is a 400 naming that field.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CronJobSpec(String name, String prompt,
                          @Schema(description = "a cron expression, 'every 10m', or an ISO-8601 time for one run") String schedule,
                          @Schema(description = "IANA zone, e.g. Europe/Berlin") String timeZone,
                          @Schema(description = "targets, comma-separated (or a list): origin, local, telegram:<chat> …") String deliver,
                          List<String> toolGroups, String model, String profile, Integer repeat) {
}
