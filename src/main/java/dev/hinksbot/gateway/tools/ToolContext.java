package dev.hinksbot.gateway.tools;

import dev.hinksbot.gateway.common.CancelSignal;

/** Per-call context: which session asked, and the run's cancel signal (tools must honour it). */
public record ToolContext(String sessionId, CancelSignal cancel) {
    public static ToolContext detached() {
        return new ToolContext(null, new CancelSignal());
    }
}
