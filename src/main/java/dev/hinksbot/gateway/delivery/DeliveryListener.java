package dev.hinksbot.gateway.delivery;

/**
 * Told the outcome of each outbox send attempt: {@code delivered}, {@code retry}, {@code rate_limited},
 * {@code failed} or {@code unknown} (cut off mid-send). Called on the dispatcher's thread; must not block.
 */
@FunctionalInterface
public interface DeliveryListener {
    DeliveryListener NONE = (platform, status) -> { };

    void outcome(String platform, String status);
}
