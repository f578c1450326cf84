package dev.hinksbot.gateway.web.api.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** Usage over the last `days` (tokens are prompt + completion), with the most used tools and a row per day. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsView(long sessions, long messages, long toolCalls, long toolFailures, long promptTokens,
                        long completionTokens, double avgToolMs, double avgAssistantMs, int activeRuns,
                        Map<String, Long> messagesByRole, List<ToolCount> topTools, List<Day> daily) {

    /** How often one tool was called. */
    public record ToolCount(String name, long count) {
    }

    /** One UTC day (yyyy-MM-dd); {@code sessions} counts the sessions created that day. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Day(String day, long sessions, long messages, long toolCalls, long tokens) {
    }
}
