package dev.hinksbot.gateway.store;

import java.time.Instant;
import java.util.Set;

/**
 * A persisted chat message. role: system|user|assistant|tool; status: complete|cancelled|failed|streaming|interrupted
 * (a cancelled, failed or interrupted assistant message keeps whatever partial content was produced; a streaming one
 * is being written, its content checkpointed as it grows; interrupted means the gateway stopped or died meanwhile).
 */
public record StoredMessage(
        String id,
        String sessionId,
        String runId,
        String role,
        String content,
        String reasoning,
        String toolCallsJson,
        String toolCallId,
        String toolName,
        String status,
        Integer tokenCount,
        Integer promptTokens,
        Integer completionTokens,
        Long durationMs,
        Instant createdAt) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";
    public static final String COMPLETE = "complete";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";
    public static final String STREAMING = "streaming";
    public static final String INTERRUPTED = "interrupted";
    static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT, TOOL);
    static final Set<String> STATUSES = Set.of(COMPLETE, CANCELLED, FAILED, STREAMING, INTERRUPTED);

    public StoredMessage {
        if (role != null && !ROLES.contains(role)) {
            throw new IllegalArgumentException("Unknown message role: " + role);
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unknown message status: " + status);
        }
    }

    public static StoredMessage system(String sessionId, String runId, String content) {
        return of(sessionId, runId, SYSTEM, content);
    }

    public static StoredMessage user(String sessionId, String runId, String content) {
        return of(sessionId, runId, USER, content);
    }

    /** A finished assistant message; use {@link #withStatus} / {@link #withUsage} for the rest. */
    public static StoredMessage assistant(String sessionId, String runId, String content, String reasoning,
                                          String toolCallsJson) {
        return new StoredMessage(null, sessionId, runId, ASSISTANT, content, reasoning, toolCallsJson, null, null,
                COMPLETE, null, null, null, null, null);
    }

    public static StoredMessage tool(String sessionId, String runId, String toolCallId, String toolName,
                                     String content) {
        return new StoredMessage(null, sessionId, runId, TOOL, content, null, null, toolCallId, toolName,
                COMPLETE, null, null, null, null, null);
    }

    private static StoredMessage of(String sessionId, String runId, String role, String content) {
        return new StoredMessage(null, sessionId, runId, role, content, null, null, null, null, COMPLETE,
                null, null, null, null, null);
    }

    public StoredMessage withStatus(String newStatus) {
        return new StoredMessage(id, sessionId, runId, role, content, reasoning, toolCallsJson, toolCallId, toolName,
                newStatus, tokenCount, promptTokens, completionTokens, durationMs, createdAt);
    }

    public StoredMessage withContent(String newContent) {
        return new StoredMessage(id, sessionId, runId, role, newContent, reasoning, toolCallsJson, toolCallId,
                toolName, status, tokenCount, promptTokens, completionTokens, durationMs, createdAt);
    }

    public StoredMessage withUsage(Integer newTokenCount, Integer newPromptTokens, Integer newCompletionTokens,
                                   Long newDurationMs) {
        return new StoredMessage(id, sessionId, runId, role, content, reasoning, toolCallsJson, toolCallId, toolName,
                status, newTokenCount, newPromptTokens, newCompletionTokens, newDurationMs, createdAt);
    }

    public StoredMessage withCreatedAt(Instant newCreatedAt) {
        return new StoredMessage(id, sessionId, runId, role, content, reasoning, toolCallsJson, toolCallId, toolName,
                status, tokenCount, promptTokens, completionTokens, durationMs, newCreatedAt);
    }
}
