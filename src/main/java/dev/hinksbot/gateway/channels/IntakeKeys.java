package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.store.InboundKey;
import dev.hinksbot.gateway.store.InboundKeyRepository;
import dev.hinksbot.gateway.store.StoreStep;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Bean {@code intakeKeys}: the idempotent repository of the channel routes' {@code idempotentConsumer} step, over the
 * gateway's own database (table {@code inbound_keys}). Each inbound platform message carries its stable key in
 * header {@value #HEADER}.
 * <p>
 * Where the key is confirmed matters: a key written after the message (or before it) leaves a crash window in which a
 * message is stored but unseen (answered twice when the platform sends it again) or seen but never stored (lost). So
 * the routes use the consumer with {@code eager: false}: at the start it only asks {@link #contains}; the key itself is
 * written by {@link #step} inside the very transaction that stores the message or its waiting row. When the exchange
 * completes, {@link #add} records the key of a message that stored nothing (a command, an update without text, an
 * ignored sender) and is a no-op for the others. {@code removeOnFailure: false}: a key is never taken back, since
 * forgetting the key of a stored message would answer it twice.
 */
public final class IntakeKeys extends ServiceSupport implements IdempotentRepository {
    public static final String HEADER = "HinksbotInboundKey";

    private final InboundKeyRepository keys;

    public IntakeKeys(InboundKeyRepository keys) {
        this.keys = keys;
    }

    /** The store step that records {@code key} with the message (none for a message without a key). */
    public StoreStep step(String key) {
        return key == null || key.isBlank() ? StoreStep.NONE : keys.step(InboundKey.of(key));
    }

    @Override
    public boolean contains(String key) {
        return keys.contains(key);
    }

    @Override
    public boolean add(String key) {
        return keys.record(InboundKey.of(key));
    }

    @Override
    public boolean remove(String key) {
        return false; // see the class comment: a taken message stays taken
    }

    @Override
    public boolean confirm(String key) {
        return true; // the key is already durable when add() or the message's transaction returns
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("inbound keys are not cleared: a cleared key lets a message be answered twice");
    }
}
