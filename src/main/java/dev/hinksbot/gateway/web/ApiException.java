package dev.hinksbot.gateway.web;

/** An API failure with an HTTP status and a stable machine-readable code. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
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
