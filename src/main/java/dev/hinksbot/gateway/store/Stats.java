package dev.hinksbot.gateway.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage totals (all time) plus a per-day breakdown for the last N UTC days, oldest first, with zero rows
 * for quiet days. Token totals are prompt + completion tokens.
 */
public record Stats(
        long sessions,
        long messages,
        Map<String, Long> messagesByRole,
        long toolCalls,
        long toolFailures,
        long promptTokens,
        long completionTokens,
        double avgToolMs,
        double avgAssistantMs,
        List<NamedCount> topTools,
        List<DayCount> daily) {

    public Stats {
        messagesByRole = Collections.unmodifiableMap(new LinkedHashMap<>(messagesByRole));
        topTools = List.copyOf(topTools);
        daily = List.copyOf(daily);
    }

    public record NamedCount(String name, long count) {
    }

    /** {@code day} is yyyy-MM-dd (UTC); {@code sessions} counts sessions created that day. */
    public record DayCount(String day, long sessions, long messages, long toolCalls, long tokens) {
    }
}
