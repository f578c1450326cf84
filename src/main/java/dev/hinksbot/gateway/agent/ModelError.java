package dev.hinksbot.gateway.agent;

/** Stable error codes for everything that can go wrong talking to llama-server. */
public enum ModelError {
    /** Connection refused, DNS, reset before any answer: the model is not there. */
    MODEL_UNAVAILABLE("model_unavailable"),
    /** llama-server answered 503 while loading its model. */
    MODEL_LOADING("model_loading"),
    /** No answer (or no further stream data) within the configured timeout. */
    MODEL_TIMEOUT("model_timeout"),
    /** The prompt does not fit the model's context. */
    CONTEXT_EXCEEDED("context_exceeded"),
    /** llama-server refused our credentials. */
    MODEL_AUTH_FAILED("model_auth_failed"),
    /** llama-server rejected the request as invalid. */
    MODEL_BAD_REQUEST("model_bad_request"),
    /** llama-server failed while answering (5xx, an error event mid-stream, a stream cut short). */
    MODEL_ERROR("model_error");

    private final String code;

    ModelError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
