package dev.hinksbot.gateway.agent;

/** The run was cancelled while waiting on the model. */
public final class CancelledException extends Exception {
    public CancelledException() {
        super("cancelled");
    }
}
