package dev.hinksbot.gateway.delivery;

import dev.hinksbot.gateway.store.OutboxRepository;

/** Sends one outbox row to its platform; returns the platform's id for the message (its acknowledgement). */
@FunctionalInterface
public interface PlatformSender {
    String send(OutboxRepository.Row row) throws DeliveryException;
}
