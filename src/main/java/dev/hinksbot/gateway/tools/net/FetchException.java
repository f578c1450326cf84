package dev.hinksbot.gateway.tools.net;

/** A fetch that did not happen or did not finish; the message is written for the model and names no internals. */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(message);
    }
}
