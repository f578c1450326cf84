package dev.hinksbot.gateway.chat;

/** A run is already active for the session: one run per session at a time. */
public final class SessionBusyException extends Exception {
    private final String runId;

    public SessionBusyException(String sessionId, String runId) {
        super("session " + sessionId + " is still answering (run " + runId + "); send {\"type\":\"stop\"} to cancel it");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
