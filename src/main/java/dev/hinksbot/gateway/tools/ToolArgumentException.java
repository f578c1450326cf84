package dev.hinksbot.gateway.tools;

/** A bad tool argument; {@link Tools}-built tools turn it into a failure the model can correct. */
public final class ToolArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public ToolArgumentException(String message) {
        super(message);
    }
}
