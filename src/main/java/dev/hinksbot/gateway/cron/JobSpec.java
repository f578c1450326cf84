package dev.hinksbot.gateway.cron;

import java.util.List;

/**
 * What a caller (API, command line, /cron, the cronjob tool) says about a job. On create, null fields take their
 * defaults; on edit, null fields stay as they are. {@code origin} ({@code platform:chat[:thread]}) is where the
 * request came from, for the {@code origin} delivery target.
 */
public record JobSpec(String name, String prompt, String schedule, String timeZone, String deliver,
                      List<String> toolGroups, String model, String profile, Integer repeat, String origin) {
    public JobSpec {
        toolGroups = toolGroups == null ? null : List.copyOf(toolGroups);
    }

    public static JobSpec of(String name, String prompt, String schedule, String deliver) {
        return new JobSpec(name, prompt, schedule, null, deliver, null, null, null, null, null);
    }
}
