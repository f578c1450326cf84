package dev.hinksbot.gateway.channels.slack;

/** Slack answered a Web API call with HTTP 200 and {@code ok:false}; {@link #code()} is its error code. */
public final class SlackRefusal extends Exception {
    private final String code;

    public SlackRefusal(String code) {
        super("Slack answered ok:false: " + code);
        this.code = code == null ? "unknown_error" : code;
    }

    public String code() {
        return code;
    }
}
