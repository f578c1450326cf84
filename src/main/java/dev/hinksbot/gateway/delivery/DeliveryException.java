package dev.hinksbot.gateway.delivery;

import java.time.Duration;

/**
 * A platform did not accept a message. {@code retryAfter} is the wait the platform asked for (Telegram's
 * {@code retry_after}, Slack's {@code Retry-After}); {@code permanent} means retrying cannot help (bad chat, no rights).
 * The message never contains a secret.
 */
public final class DeliveryException extends Exception {
    private final Duration retryAfter;
    private final boolean permanent;

    public DeliveryException(String message, Duration retryAfter, boolean permanent) {
        super(message);
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean permanent() {
        return permanent;
    }
}
