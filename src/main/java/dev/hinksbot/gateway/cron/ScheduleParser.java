package dev.hinksbot.gateway.cron;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what users write into a {@link Schedule}: a 5-field cron expression ({@code 0 9 * * 1-5}), Quartz's 6/7-field
 * ones (seconds first, {@code ?} in a day field), {@code every 30m} (interval), {@code 30m} / {@code 2h} / {@code 1d}
 * (once, after that delay), or an ISO timestamp (once; without an offset it is read in the job's zone). Anything else
 * is an {@link InvalidScheduleException} whose message says what was expected.
 */
public final class ScheduleParser {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EVERY = Pattern.compile("every\\s+(.+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOW_ITEM = Pattern.compile("(\\d)(?:-(\\d))?(L|#\\d)?");
    private static final String FORMS = "use a cron expression ('0 9 * * 1-5'), 'every 30m', a delay such as '2h'"
            + " (runs once), or an ISO time such as '2026-05-01T09:00'";

    private ScheduleParser() {
    }

    /** {@code now} is used only to reject one-shot times that have already passed. */
    public static Schedule parse(String text, ZoneId zone, Instant now) {
        String s = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            throw new InvalidScheduleException("the schedule is empty; " + FORMS);
        }
        Matcher every = EVERY.matcher(s);
        if (every.matches()) {
            Duration d = duration(every.group(1).strip());
            if (d == null) {
                throw new InvalidScheduleException("'" + s + "': after 'every' give an interval such as 30s, 30m, 2h or 1d");
            }
            return new Schedule.Interval(s, d);
        }
        Duration delay = duration(s);
        if (delay != null) {
            return new Schedule.Once(s, null, delay);
        }
        if (Character.isDigit(s.charAt(0)) && s.length() >= 10 && s.charAt(4) == '-') {
            Instant at = timestamp(s, zone);
            if (!at.isAfter(now)) {
                throw new InvalidScheduleException("'" + s + "' is in the past (now is " + now + ")");
            }
            return new Schedule.Once(s, at, null);
        }
        return cron(s);
    }

    /** Parses a cron expression only (5, 6 or 7 fields). */
    public static Schedule.Cron cron(String s) {
        String[] f = s.split(" ");
        String quartz;
        if (f.length == 5) {
            quartz = fromFiveFields(s, f);
        } else if (f.length == 6 || f.length == 7) {
            quartz = s.toUpperCase(Locale.ROOT);
        } else {
            throw new InvalidScheduleException("'" + s + "' is not a schedule: a cron expression has 5 fields (minute hour"
                    + " day-of-month month day-of-week) or Quartz's 6-7 (seconds first); got " + f.length + " field(s). " + FORMS);
        }
        try {
            Schedule.Cron.compile(quartz);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("'" + s + "' is not a valid cron expression: " + e.getMessage()
                    + (f.length == 5 ? "" : " (Quartz form: seconds minutes hours day-of-month month day-of-week [year],"
                    + " with '?' in day-of-month or day-of-week)"));
        }
        Schedule.Cron cron = new Schedule.Cron(s, quartz);
        if (cron.nextAfter(Instant.now(), Instant.now(), ZoneId.of("UTC")).isEmpty()) {
            throw new InvalidScheduleException("'" + s + "' never runs (no matching date from now on)");
        }
        return cron;
    }

    /** A delay such as {@code 30m}; null when {@code s} is not one. */
    static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new InvalidScheduleException("'" + s + "': the interval must be greater than zero");
        }
        char unit = Character.toLowerCase(m.group(2).charAt(0));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Instant timestamp(String s, ZoneId zone) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException ignored) {
            // no offset: a wall-clock time in the job's zone
        }
        try {
            return ZonedDateTime.ofLocal(LocalDateTime.parse(s), zone, null).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("'" + s + "' is not an ISO time (e.g. 2026-05-01T09:00 or 2026-05-01T09:00:00Z)");
        }
    }

    /**
     * Standard cron to Quartz: a seconds field of 0 in front, {@code ?} in whichever day field is unrestricted, and
     * day-of-week numbers shifted (cron: 0 or 7 = Sunday; Quartz: 1 = Sunday). Names (MON-FRI) mean the same in both.
     */
    private static String fromFiveFields(String s, String[] f) {
        String dom = f[2];
        String dow = f[4];
        boolean domAny = dom.equals("*") || dom.equals("?");
        boolean dowAny = dow.equals("*") || dow.equals("?");
        if (!domAny && !dowAny) {
            throw new InvalidScheduleException("'" + s + "' restricts both day-of-month and day-of-week; Quartz cannot"
                    + " run on 'either of them': restrict one and leave the other '*'");
        }
        String quartzDom = domAny && !dowAny ? "?" : dom.equals("?") ? "*" : dom;
        String quartzDow = dowAny ? "?" : dayOfWeek(s, dow);
        return String.join(" ", "0", f[0], f[1], quartzDom, f[3], quartzDow).toUpperCase(Locale.ROOT);
    }

    private static String dayOfWeek(String s, String field) {
        List<String> out = new ArrayList<>();
        for (String item : field.split(",")) {
            String[] stepParts = item.split("/", 2);
            String base = stepParts[0];
            String step = stepParts.length > 1 ? "/" + stepParts[1] : "";
            Matcher m = DOW_ITEM.matcher(base);
            if (!m.matches()) {
                out.add(item); // names, '*', or something Quartz will reject with its own message
                continue;
            }
            int from = Integer.parseInt(m.group(1));
            String suffix = m.group(3) == null ? "" : m.group(3);
            if (from > 7 || (m.group(2) != null && Integer.parseInt(m.group(2)) > 7)) {
                throw new InvalidScheduleException("'" + s + "': day-of-week numbers go from 0 to 7 (0 and 7 = Sunday)");
            }
            if (m.group(2) == null) {
                out.add((from == 7 ? 1 : from + 1) + suffix + step);
                continue;
            }
            int to = Integer.parseInt(m.group(2));
            if (to == 7 && from > 0) {
                if (!step.isEmpty()) {
                    throw new InvalidScheduleException("'" + s + "': write day-of-week ranges with a step within 0-6");
                }
                out.add((from + 1) + "-7");
                out.add("1");
            } else {
                out.add((from + 1) + "-" + (to == 7 ? 7 : to + 1) + step);
            }
        }
        return String.join(",", out);
    }
}
