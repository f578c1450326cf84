package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.SearchHit;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecution;
import dev.hinksbot.gateway.tools.ToolSpec;
import dev.hinksbot.gateway.web.api.view.MessageView;
import dev.hinksbot.gateway.web.api.view.SearchHitView;
import dev.hinksbot.gateway.web.api.view.SessionView;
import dev.hinksbot.gateway.web.api.view.ToolView;
import java.time.Instant;

/** From the store's records to the REST API's (web/api/view). */
final class Views {
    private Views() {
    }

    static SessionView session(Session s, String activeRunId) {
        return new SessionView(s.id(), s.title(), s.model(), s.systemPrompt(), s.toolOptions(), s.maxTurns(),
                time(s.createdAt()), time(s.updatedAt()), s.messageCount(), activeRunId);
    }

    /** A message; a tool message also gets `tool_success` and `tool_error` from its execution record, when known. */
    static MessageView message(StoredMessage m, ToolExecution execution) {
        MessageView.ToolOutcome outcome = null;
        if (StoredMessage.TOOL.equals(m.role())) {
            outcome = execution == null ? new MessageView.ToolOutcome(null, null)
                    : new MessageView.ToolOutcome(execution.success(), execution.error());
        }
        return new MessageView(m.id(), m.sessionId(), m.runId(), m.role(), m.content(), m.reasoning(), m.toolCallId(),
                m.toolName(), m.status(), m.tokenCount(), m.promptTokens(), m.completionTokens(), m.durationMs(),
                time(m.createdAt()), toolCalls(m.toolCallsJson()), outcome);
    }

    static SearchHitView searchHit(SearchHit h) {
        return new SearchHitView(h.sessionId(), h.sessionTitle(), h.messageId(), h.role(), h.snippet(), h.score(),
                time(h.createdAt()));
    }

    static ToolView tool(ToolSpec spec) {
        return new ToolView(spec.name(), spec.description(), spec.groups(), spec.parameters());
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
