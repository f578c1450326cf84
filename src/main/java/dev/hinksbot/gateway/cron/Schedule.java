package dev.hinksbot.gateway.cron;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Optional;
import org.quartz.CronExpression;

/**
 * When a job runs, parsed from the text a user wrote (see {@link ScheduleParser}). Each kind answers one question:
 * the first occurrence strictly after an instant, in the job's time zone.
 */
public sealed interface Schedule {
    /** The schedule as the user wrote it (shown back by the API). */
    String text();

    String kind();

    /**
     * The first occurrence strictly after {@code after}; empty when there is none (a one-shot that has passed).
     * {@code anchor} is where interval schedules count from (the job's creation).
     */
    Optional<Instant> nextAfter(Instant after, Instant anchor, ZoneId zone);

    /**
     * A cron expression, evaluated on the wall clock of the job's zone. Quartz computes the next wall-clock time
     * (fed local times as if they were UTC, so its own DST handling never enters), and java.time maps it to an
     * instant: a time that falls into a spring-forward gap runs right after the gap (02:30 → 03:30), a time repeated
     * at fall-back runs once, at its first pass. So every wall-clock time of the expression fires at most once.
     * {@code quartz} is the normalized 6/7-field expression.
     */
    record Cron(String text, String quartz) implements Schedule {
        /** Bounds the search when mapped times keep landing at or before {@code after} (fall-back hour). */
        private static final int MAX_STEPS = 10_000;

        @Override
        public String kind() {
            return "cron";
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, Instant anchor, ZoneId zone) {
            CronExpression expression = compile(quartz);
            LocalDateTime local = LocalDateTime.ofInstant(after, zone);
            Date cursor = Date.from(local.toInstant(ZoneOffset.UTC));
            for (int i = 0; i < MAX_STEPS; i++) {
                Date next = expression.getNextValidTimeAfter(cursor);
                if (next == null) {
                    return Optional.empty();
                }
                LocalDateTime wall = LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
                Instant at = ZonedDateTime.ofLocal(wall, zone, null).toInstant(); // earlier offset in an overlap
                if (at.isAfter(after)) {
                    return Optional.of(at);
                }
                cursor = next;
            }
            return Optional.empty();
        }

        static CronExpression compile(String quartz) {
            try {
                CronExpression e = new CronExpression(quartz);
                e.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
                return e;
            } catch (java.text.ParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** Every {@code every} of elapsed time from the anchor: DST never changes the spacing. */
    record Interval(String text, Duration every) implements Schedule {
        @Override
        public String kind() {
            return "interval";
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, Instant anchor, ZoneId zone) {
            if (after.isBefore(anchor)) {
                return Optional.of(anchor.plus(every));
            }
            long periods = Duration.between(anchor, after).toMillis() / every.toMillis() + 1;
            return Optional.of(anchor.plusMillis(periods * every.toMillis()));
        }
    }

    /**
     * Once: at a fixed instant ({@code at}), or after a delay from the job's creation ({@code delay}, with {@code at}
     * null until the job exists).
     */
    record Once(String text, Instant at, Duration delay) implements Schedule {
        @Override
        public String kind() {
            return "once";
        }

        public Instant at(Instant anchor) {
            return at != null ? at : anchor.plus(delay);
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, Instant anchor, ZoneId zone) {
            Instant when = at(anchor);
            return when.isAfter(after) ? Optional.of(when) : Optional.empty();
        }
    }
}
