package dev.hinksbot.gateway.chat;

/** A retry in a session that has no user message to answer again. */
public final class NothingToRetryException extends RuntimeException {
    public NothingToRetryException(String sessionId) {
        super("session " + sessionId + " has no message to answer again");
    }
}
