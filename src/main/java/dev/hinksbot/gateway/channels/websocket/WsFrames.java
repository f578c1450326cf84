package dev.hinksbot.gateway.channels.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.Usage;
import dev.hinksbot.gateway.common.Json;
import java.util.Optional;

/**
 * Renders agent events as the WebSocket chat protocol's server frames (`stream_start`, `content_block_delta`,
 * `tool_call`, `approval_requested`, `tool_result`, `stream_end`, `error`). Frames carry `run_id` (and `message_id` where it helps a
 * client group deltas into bubbles) in addition to the documented fields.
 */
public final class WsFrames {
    private WsFrames() {
    }

    public static Optional<String> render(AgentEvent event) {
        return frame(event).map(Json::write);
    }

    /** The frame for {@code event}, if it has one. */
    public static Optional<ObjectNode> frame(AgentEvent event) {
        ObjectNode frame = null;
        if (event instanceof AgentEvent.RunStarted e) {
            frame = frame("stream_start", e.runId()).put("user_message_id", e.userMessageId());
        } else if (event instanceof AgentEvent.TurnStarted e) {
            // The first turn's id names the answer; later turns are announced so clients can start a new bubble.
            frame = frame("message_start", e.runId()).put("message_id", e.messageId()).put("turn", e.turn());
        } else if (event instanceof AgentEvent.AssistantDelta e) {
            frame = frame("content_block_delta", e.runId()).put("delta", e.delta()).put("block_type", "text").put("message_id", e.messageId());
        } else if (event instanceof AgentEvent.ReasoningDelta e) {
            frame = frame("content_block_delta", e.runId()).put("delta", e.delta()).put("block_type", "reasoning").put("message_id", e.messageId());
        } else if (event instanceof AgentEvent.ToolStarted e) {
            frame = frame("tool_call", e.runId()).put("tool", e.toolName()).put("tool_call_id", e.toolCallId())
                    .put("client_side", e.clientSide()).put("message_id", e.messageId());
            frame.set("args", e.arguments());
        } else if (event instanceof AgentEvent.ApprovalRequested e) {
            frame = frame("approval_requested", e.runId()).put("request_id", e.requestId()).put("tool_call_id", e.toolCallId())
                    .put("tool", e.toolName()).put("reason", e.reason())
                    .put("prompt", "Needs approval: " + e.reason() + ". Run it?");
            frame.set("args", e.arguments());
        } else if (event instanceof AgentEvent.ToolCompleted e) {
            frame = frame("tool_result", e.runId()).put("tool_call_id", e.toolCallId()).put("tool", e.toolName())
                    .put("result", e.success() ? e.output() : e.error()).put("success", e.success())
                    .put("duration_ms", e.durationMs());
            if (!e.success()) {
                frame.put("error", e.error());
            }
        } else if (event instanceof AgentEvent.RunCompleted e) {
            frame = end(e.runId(), e.messageId(), e.turns(), e.usage(), e.durationMs(), e.stopReason());
        } else if (event instanceof AgentEvent.RunCancelled e) {
            frame = end(e.runId(), e.messageId(), e.turns(), e.usage(), e.durationMs(), "cancelled");
        } else if (event instanceof AgentEvent.RunFailed e) {
            frame = error(e.code(), e.message()).put("run_id", e.runId());
        }
        return Optional.ofNullable(frame);
    }

    /** The `stream_end` that follows a failed run's `error` frame, so clients always see the run end. */
    public static String failedEnd(AgentEvent.RunFailed e) {
        return Json.write(failedEndFrame(e));
    }

    static ObjectNode failedEndFrame(AgentEvent.RunFailed e) {
        return end(e.runId(), e.messageId(), e.turns(), e.usage(), e.durationMs(), "error");
    }

    public static ObjectNode error(String code, String message) {
        return Json.object().put("type", "error").put("error", code).put("message", message);
    }

    private static ObjectNode frame(String type, String runId) {
        return Json.object().put("type", type).put("run_id", runId);
    }

    private static ObjectNode end(String runId, String messageId, int turns, Usage usage, long durationMs, String stopReason) {
        ObjectNode frame = frame("stream_end", runId).put("message_id", messageId).put("stop_reason", stopReason);
        frame.putObject("usage")
                .put("turns", turns)
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens())
                .put("duration_ms", durationMs);
        return frame;
    }
}
