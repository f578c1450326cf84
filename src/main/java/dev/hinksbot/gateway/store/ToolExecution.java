package dev.hinksbot.gateway.store;

import java.time.Instant;

/** One tool invocation, kept for auditing and stats (independent of the tool message fed back to the model). */
public record ToolExecution(
        String id,
        String messageId,
        String sessionId,
        String runId,
        String toolName,
        String argsJson,
        String result,
        boolean success,
        String error,
        long durationMs,
        Instant createdAt) {
}
