package dev.hinksbot.gateway.chat;

/** Hands a text to the delivery path ({@code direct:deliver}) for the given targets, relative to {@code origin}. */
@FunctionalInterface
public interface Outbound {
    void deliver(String text, String targets, InboundMessage origin);
}
