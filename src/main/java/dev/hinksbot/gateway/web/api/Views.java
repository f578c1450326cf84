package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.SearchHit;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecution;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.time.Instant;

/** JSON shapes of the REST API (snake_case, UTC ISO-8601 times). */
final class Views {
    private Views() {
    }

    static ObjectNode session(Session s, String activeRunId) {
        ObjectNode n = Json.object()
                .put("id", s.id())
                .put("title", s.title())
                .put("model", s.model())
                .put("system_prompt", s.systemPrompt())
                .put("max_turns", s.maxTurns())
                .put("created_at", time(s.createdAt()))
                .put("updated_at", time(s.updatedAt()))
                .put("message_count", s.messageCount())
                .put("active_run_id", activeRunId);
        if (s.toolOptions() == null) {
            n.putNull("tool_options");
        } else {
            ArrayNode opts = n.putArray("tool_options");
            s.toolOptions().forEach(opts::add);
        }
        return n;
    }

    /** A message; a tool message also gets `tool_success` and `tool_error` from its execution record, when known. */
    static ObjectNode message(StoredMessage m, ToolExecution execution) {
        ObjectNode n = Json.object()
                .put("id", m.id())
                .put("session_id", m.sessionId())
                .put("run_id", m.runId())
                .put("role", m.role())
                .put("content", m.content())
                .put("reasoning", m.reasoning())
                .put("tool_call_id", m.toolCallId())
                .put("tool_name", m.toolName())
                .put("status", m.status())
                .put("token_count", m.tokenCount())
                .put("prompt_tokens", m.promptTokens())
                .put("completion_tokens", m.completionTokens())
                .put("duration_ms", m.durationMs())
                .put("created_at", time(m.createdAt()));
        JsonNode calls = toolCalls(m.toolCallsJson());
        if (calls != null) {
            n.set("tool_calls", calls);
        } else {
            n.putNull("tool_calls");
        }
        if (StoredMessage.TOOL.equals(m.role())) {
            if (execution != null) {
                n.put("tool_success", execution.success()).put("tool_error", execution.error());
            } else {
                n.putNull("tool_success").putNull("tool_error");
            }
        }
        return n;
    }

    static ObjectNode searchHit(SearchHit h) {
        return Json.object()
                .put("session_id", h.sessionId())
                .put("session_title", h.sessionTitle())
                .put("message_id", h.messageId())
                .put("role", h.role())
                .put("snippet", h.snippet())
                .put("score", h.score())
                .put("created_at", time(h.createdAt()));
    }

    static ObjectNode tool(ToolSpec spec) {
        ObjectNode n = Json.object().put("name", spec.name()).put("description", spec.description());
        ArrayNode groups = n.putArray("groups");
        spec.groups().forEach(groups::add);
        n.set("parameters", spec.parameters());
        return n;
    }

    static JsonNode toolCalls(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Json.parse(json);
        } catch (Exception e) {
            return null;
        }
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
