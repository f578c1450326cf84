package dev.hinksbot.gateway.channels.slack;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Slack's text and time conventions. Message text escapes {@code &}, {@code <} and {@code >} (the brackets mark
 * mentions and links), both ways. A message's {@code ts} is its id and its time: seconds since the epoch with
 * microseconds ({@code "1712345678.000200"}).
 */
public final class SlackText {
    private SlackText() {
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** True for a well-formed Slack {@code ts} ({@code 1712345678.000200}). */
    public static boolean isTs(String value) {
        return value != null && value.matches("\\d{1,12}\\.\\d{1,9}");
    }

    /** The time of a Slack {@code ts}; null if it is not one. */
    public static Instant instant(String ts) {
        try {
            BigDecimal seconds = new BigDecimal(ts);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
