package dev.hinksbot.gateway.cron;

import dev.hinksbot.gateway.store.OutboxRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Per-target delivery state of a run, read from the outbox rows it wrote — never from the run itself, so a target
 * shows {@code delivered} only after the platform acknowledged every part. {@code status}: pending, retrying
 * (attempted, will try again), delivered, failed; {@code saved} for local files.
 */
public final class RunDeliveries {
    public record Target(String target, String status, int attempts, String lastError, Instant deliveredAt,
                         List<String> outboxIds, List<String> files) {
    }

    private RunDeliveries() {
    }

    public static List<Target> of(CronRun run, Function<String, Optional<OutboxRepository.Row>> outbox) {
        Map<String, List<OutboxRepository.Row>> byTarget = new LinkedHashMap<>();
        List<Target> out = new ArrayList<>();
        for (String id : run.outboxIds()) {
            Optional<OutboxRepository.Row> row = outbox.apply(id);
            if (row.isEmpty()) {
                out.add(new Target("unknown", "unknown", 0, "outbox row " + id + " is gone", null, List.of(id), List.of()));
                continue;
            }
            OutboxRepository.Row r = row.get();
            String target = r.platform() + ":" + r.chatId() + (r.threadId() == null || r.threadId().isEmpty() ? "" : ":" + r.threadId());
            byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(r);
        }
        byTarget.forEach((target, rows) -> out.add(aggregate(target, rows)));
        if (!run.savedFiles().isEmpty()) {
            out.add(new Target("local", "saved", 1, null, run.finishedAt(), List.of(), run.savedFiles()));
        }
        if (run.deliveryError() != null) {
            out.add(new Target(run.deliver(), OutboxRepository.FAILED, 0, run.deliveryError(), null, List.of(), List.of()));
        }
        return out;
    }

    private static Target aggregate(String target, List<OutboxRepository.Row> rows) {
        boolean failed = rows.stream().anyMatch(r -> OutboxRepository.FAILED.equals(r.status()));
        boolean unknown = rows.stream().anyMatch(r -> OutboxRepository.UNKNOWN.equals(r.status()));
        boolean pending = rows.stream().anyMatch(r -> OutboxRepository.PENDING.equals(r.status())
                || OutboxRepository.SENDING.equals(r.status()));
        boolean retried = rows.stream().anyMatch(r -> OutboxRepository.PENDING.equals(r.status()) && r.attempts() > 0);
        String status = failed ? OutboxRepository.FAILED : unknown ? OutboxRepository.UNKNOWN
                : pending ? (retried ? "retrying" : OutboxRepository.PENDING) : OutboxRepository.DELIVERED;
        int attempts = rows.stream().mapToInt(OutboxRepository.Row::attempts).max().orElse(0);
        String error = rows.stream().map(OutboxRepository.Row::lastError).filter(e -> e != null).findFirst().orElse(null);
        Instant delivered = status.equals(OutboxRepository.DELIVERED)
                ? rows.stream().map(OutboxRepository.Row::deliveredAt).filter(d -> d != null).max(Instant::compareTo).orElse(null)
                : null;
        return new Target(target, status, attempts, error, delivered, rows.stream().map(OutboxRepository.Row::id).toList(), List.of());
    }
}
