package dev.hinksbot.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns stored messages back into the chat wire, repairing what a crash can leave behind: a tool call whose
 * result was never stored gets a synthetic "interrupted" result, and a tool result without its call is dropped,
 * so llama-server always receives a well-formed conversation.
 */
final class HistoryMapper {
    private HistoryMapper() {
    }

    static List<ChatMessage> toChat(List<StoredMessage> stored) {
        List<ChatMessage> out = new ArrayList<>();
        Set<String> openCalls = new HashSet<>();
        List<ToolCall> pending = new ArrayList<>();
        for (StoredMessage m : stored) {
            switch (m.role()) {
                case "tool" -> {
                    if (openCalls.remove(m.toolCallId())) {
                        pending.removeIf(c -> c.id().equals(m.toolCallId()));
                        out.add(ChatMessage.tool(m.toolCallId(), m.toolName(), m.content()));
                    }
                }
                case "user", "assistant" -> {
                    closeInterrupted(out, pending, openCalls);
                    if ("user".equals(m.role())) {
                        out.add(ChatMessage.user(m.content()));
                    } else {
                        List<ToolCall> calls = "complete".equals(m.status()) ? toolCalls(m.toolCallsJson()) : List.of();
                        if (calls.isEmpty() && (m.content() == null || m.content().isEmpty())) {
                            continue; // an interrupted turn that produced nothing says nothing to the model
                        }
                        out.add(ChatMessage.assistant(m.content(), calls));
                        calls.forEach(c -> openCalls.add(c.id()));
                        pending.addAll(calls);
                    }
                }
                default -> {
                    // system messages are not replayed: the session's system prompt is applied per run
                }
            }
        }
        closeInterrupted(out, pending, openCalls);
        return out;
    }

    /**
     * {@code history} with the user messages of {@code fresh} that carry images put back in their place (the
     * newest stored user message with the same text): a run sends images with the turn they came in, while the store
     * keeps their text only, so later turns see the text.
     */
    static List<ChatMessage> withImages(List<ChatMessage> history, List<ChatMessage> fresh) {
        List<ChatMessage> images = fresh.stream().filter(m -> m.contentParts() != null).toList();
        if (images.isEmpty()) {
            return history;
        }
        List<ChatMessage> out = new ArrayList<>(history);
        int searchFrom = out.size() - 1;
        for (int k = images.size() - 1; k >= 0; k--) {
            ChatMessage image = images.get(k);
            for (int i = searchFrom; i >= 0; i--) {
                ChatMessage m = out.get(i);
                if ("user".equals(m.role()) && m.contentParts() == null && java.util.Objects.equals(m.content(), image.content())) {
                    out.set(i, image);
                    searchFrom = i - 1;
                    break;
                }
            }
        }
        return out;
    }

    private static void closeInterrupted(List<ChatMessage> out, List<ToolCall> pending, Set<String> openCalls) {
        for (ToolCall call : pending) {
            out.add(ChatMessage.tool(call.id(), call.name(), "Error: interrupted before the tool finished"));
        }
        pending.clear();
        openCalls.clear();
    }

    static List<ToolCall> toolCalls(String json) {
        List<ToolCall> calls = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return calls;
        }
        try {
            for (JsonNode c : Json.parse(json)) {
                calls.add(new ToolCall(c.path("id").asText(), c.path("name").asText(), c.path("arguments").asText("")));
            }
        } catch (Exception e) {
            return List.of();
        }
        return calls;
    }

    static String toolCallsJson(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        var array = Json.MAPPER.createArrayNode();
        calls.forEach(c -> array.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments()));
        return Json.write(array);
    }
}
