package dev.hinksbot.gateway.delivery;

/** One text to send to one platform target; {@code meta} holds the origin's platform extras when the target is the origin. */
public record Delivery(DeliveryTarget target, String text, String meta) {
}
