package dev.hinksbot.gateway.delivery;

/** One concrete place to deliver to: {@code platform} (telegram, slack, mail, or local) and its chat and thread. */
public record DeliveryTarget(String platform, String chatId, String threadId) {
    public static final String LOCAL = "local";

    public static DeliveryTarget local() {
        return new DeliveryTarget(LOCAL, "", null);
    }

    public boolean isLocal() {
        return LOCAL.equals(platform);
    }

    @Override
    public String toString() {
        return isLocal() ? LOCAL : platform + ":" + chatId + (threadId == null || threadId.isEmpty() ? "" : ":" + threadId);
    }
}
