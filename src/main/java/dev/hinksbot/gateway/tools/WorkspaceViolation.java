package dev.hinksbot.gateway.tools;

/** A path the model asked for lies outside the workspace (directly, via "..", or through a symlink). */
public final class WorkspaceViolation extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkspaceViolation(String message) {
        super(message);
    }
}
