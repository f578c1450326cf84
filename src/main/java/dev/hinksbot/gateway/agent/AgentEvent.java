package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a run tells the world, in order. Every surface (WebSocket, SSE, chat platforms) renders this one stream;
 * the store records it. Type names follow the web console's event schema.
 */
public sealed interface AgentEvent {
    String runId();

    String sessionId();

    /** The event's wire name, e.g. {@code tool.started}. */
    String type();

    record RunStarted(String runId, String sessionId, String userMessageId) implements AgentEvent {
        public String type() {
            return "run.started";
        }
    }

    /** A model turn begins; {@code messageId} is the id its assistant message will be stored under. */
    record TurnStarted(String runId, String sessionId, String messageId, int turn) implements AgentEvent {
        public String type() {
            return "turn.started";
        }
    }

    record AssistantDelta(String runId, String sessionId, String messageId, String delta) implements AgentEvent {
        public String type() {
            return "message.assistant.delta";
        }
    }

    record ReasoningDelta(String runId, String sessionId, String messageId, String delta) implements AgentEvent {
        public String type() {
            return "reasoning.delta";
        }
    }

    /**
     * An assistant message is final. {@code status} is {@code complete}, or {@code cancelled}/{@code failed} for the
     * partial text of an interrupted turn (kept, never silently dropped).
     */
    record AssistantCompleted(String runId, String sessionId, String messageId, String content, String reasoning,
                              List<ToolCall> toolCalls, String status, Usage usage, long durationMs) implements AgentEvent {
        public String type() {
            return "message.assistant.completed";
        }
    }

    /** A tool call starts; {@code clientSide} means the client runs it and must answer with its result. */
    record ToolStarted(String runId, String sessionId, String messageId, String toolCallId, String toolName,
                       JsonNode arguments, boolean clientSide) implements AgentEvent {
        public String type() {
            return "tool.started";
        }
    }

    /**
     * A tool call waits for a human's approval ({@code /approve} / {@code /deny} in a chat, an `approval` frame on the
     * WebSocket); the matching {@link ToolCompleted} follows the decision.
     */
    record ApprovalRequested(String runId, String sessionId, String messageId, String toolCallId, String toolName,
                             JsonNode arguments, String requestId, String reason) implements AgentEvent {
        public String type() {
            return "approval.requested";
        }
    }

    record ToolCompleted(String runId, String sessionId, String messageId, String toolCallId, String toolName,
                         String argumentsJson, boolean success, String output, String error, long durationMs)
            implements AgentEvent {
        public String type() {
            return "tool.completed";
        }

        public String modelText() {
            return success ? output : "Error: " + error;
        }
    }

    /**
     * {@code stopReason}: {@code stop} (final answer), {@code length}, {@code max_turns}, or {@code tool_calls} (the
     * last assistant message holds calls the caller runs; see {@link ClientToolBridge#returnsToCaller()}).
     */
    record RunCompleted(String runId, String sessionId, String messageId, int turns, Usage usage, long durationMs,
                        String stopReason) implements AgentEvent {
        public String type() {
            return "run.completed";
        }
    }

    record RunCancelled(String runId, String sessionId, String messageId, int turns, Usage usage, long durationMs)
            implements AgentEvent {
        public String type() {
            return "run.cancelled";
        }
    }

    record RunFailed(String runId, String sessionId, String messageId, String code, String message, int turns,
                     Usage usage, long durationMs) implements AgentEvent {
        public String type() {
            return "run.failed";
        }
    }
}
