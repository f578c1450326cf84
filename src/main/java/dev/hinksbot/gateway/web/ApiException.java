package dev.hinksbot.gateway.web;

/** An API failure with an HTTP status and a stable machine-readable code. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** {@code param} names the request field at fault, as OpenAI's errors do. */
    public ApiException(int status, String code, String message, String param) {
        this(status, code, message, param, null);
    }

    /** {@code retryAfterSeconds}: sent as `Retry-After`, which SDKs honour before retrying a 429 or 503. */
    public ApiException(int status, String code, String message, String param, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds to wait before retrying, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String param() {
        return param;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(404, what + "_not_found", "no " + what + " with id '" + id + "'");
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }
}
