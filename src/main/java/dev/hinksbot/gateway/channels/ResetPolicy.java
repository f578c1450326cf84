package dev.hinksbot.gateway.channels;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * When a chat platform session starts afresh: {@code daily} (at {@code hour} in {@code zone}), {@code idle} (after
 * {@code idleMinutes} without messages), {@code both} (whichever comes first) or {@code none}.
 */
public record ResetPolicy(String mode, int hour, int idleMinutes, ZoneId zone) {
    public ResetPolicy {
        mode = mode.toLowerCase(Locale.ROOT);
        if (!mode.equals("both") && !mode.equals("daily") && !mode.equals("idle") && !mode.equals("none")) {
            throw new IllegalArgumentException("reset mode must be both|daily|idle|none, not " + mode);
        }
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("reset hour must be 0..23");
        }
        if (idleMinutes < 1) {
            throw new IllegalArgumentException("idle minutes must be positive");
        }
    }

    /** Whether a session last active at {@code lastActive} is due for a reset at {@code now}. */
    public boolean isDue(Instant lastActive, Instant now) {
        boolean idle = !Duration.between(lastActive, now).minusMinutes(idleMinutes).isNegative();
        boolean daily = lastActive.isBefore(lastDailyBoundary(now));
        return switch (mode) {
            case "idle" -> idle;
            case "daily" -> daily;
            case "both" -> idle || daily;
            default -> false;
        };
    }

    /** The latest moment at or before {@code now} when the clock in {@code zone} showed {@code hour}:00. */
    Instant lastDailyBoundary(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime boundary = local.toLocalDate().atTime(hour, 0).atZone(zone);
        if (boundary.isAfter(local)) {
            boundary = local.toLocalDate().minusDays(1).atTime(hour, 0).atZone(zone);
        }
        return boundary.toInstant();
    }
}
