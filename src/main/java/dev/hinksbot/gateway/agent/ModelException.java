package dev.hinksbot.gateway.agent;

/** A failure talking to llama-server, with a stable {@link ModelError} code and a message safe to show users. */
public final class ModelException extends Exception {
    private final ModelError error;
    private final int upstreamStatus;

    public ModelException(ModelError error, String message, int upstreamStatus) {
        super(message);
        this.error = error;
        this.upstreamStatus = upstreamStatus;
    }

    public ModelException(ModelError error, String message) {
        this(error, message, 0);
    }

    public ModelError error() {
        return error;
    }

    public String code() {
        return error.code();
    }

    /** HTTP status llama-server answered with, or 0 when there was no HTTP answer. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
