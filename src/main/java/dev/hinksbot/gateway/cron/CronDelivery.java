package dev.hinksbot.gateway.cron;

import java.util.List;

/**
 * Hands a text to the delivery routes ({@code direct:deliver}): returns the outbox row ids written (their status is
 * what the run history shows) and the files saved for {@code local}. Throws when the targets cannot be resolved.
 */
@FunctionalInterface
public interface CronDelivery {
    record Handed(List<String> outboxIds, List<String> savedFiles) {
    }

    Handed deliver(String text, String spec, String origin);
}
