package dev.hinksbot.gateway.channels;

/** Sends a short text back to where a message came from (command answers, notices, background results). */
@FunctionalInterface
public interface Replier {
    void send(String text);
}
