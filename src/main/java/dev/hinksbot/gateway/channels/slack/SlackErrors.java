package dev.hinksbot.gateway.channels.slack;

import com.slack.api.methods.SlackApiException;
import dev.hinksbot.gateway.delivery.DeliveryException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Classifies a failed {@code chat.postMessage}. The Slack SDK throws {@link SlackApiException} for a non-2xx answer:
 * 429 honours its {@code Retry-After} header (seconds); 5xx retry; other 4xx are permanent. An HTTP 200 with
 * {@code ok:false} reaches us as {@link SlackRefusal}: Slack's own transient errors retry, the rest ({@code channel_not_found}, {@code not_in_channel},
 * {@code invalid_auth} …) are permanent. I/O errors retry. Messages never hold the token (it travels in a header).
 */
public final class SlackErrors {
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private SlackErrors() {
    }

    public static DeliveryException classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SlackApiException e && e.getResponse() != null) {
                int status = e.getResponse().code();
                String code = e.getError() == null ? null : e.getError().getError();
                String text = "Slack answered HTTP " + status + (code == null ? "" : ": " + code);
                if (status == 429) {
                    return new DeliveryException(text, retryAfter(e.getResponse().header("Retry-After")), false);
                }
                return new DeliveryException(text, null, status >= 400 && status < 500);
            }
            if (t instanceof SlackRefusal r) {
                return new DeliveryException(r.getMessage(), null, !TRANSIENT.contains(r.code()));
            }
            if (t instanceof IOException) {
                return new DeliveryException("Slack could not be reached: " + t.getClass().getSimpleName(), null, false);
            }
        }
        return new DeliveryException("Slack delivery failed: " + error.getClass().getSimpleName(), null, false);
    }

    private static Duration retryAfter(String header) {
        try {
            long seconds = Long.parseLong(header == null ? "" : header.strip());
            return seconds > 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
