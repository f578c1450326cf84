package dev.hinksbot.gateway.delivery;

import dev.hinksbot.gateway.store.OutboxRepository;

/** Sends one outbox row to its platform; returns the platform's id for the message (its acknowledgement). */
@FunctionalInterface
public interface PlatformSender {
    String send(OutboxRepository.Row row) throws DeliveryException;

    /**
     * True when sending a row again after an attempt with an unknown outcome cannot double it, because the platform
     * (or the receiving side) recognises the repeat. Telegram's and Slack's send calls have no such key: false.
     */
    default boolean detectsDuplicates() {
        return false;
    }

    /** {@link #detectsDuplicates()} for one row: some rows can be repeated safely (an edit of a streamed draft). */
    default boolean detectsDuplicates(OutboxRepository.Row row) {
        return detectsDuplicates();
    }
}
