package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.util.List;

/**
 * One message of the OpenAI chat wire format, as the agent sends it to llama-server. {@code contentParts}, when
 * present, is the chat wire's content array (text and `image_url` parts) sent instead of {@code content}, which then
 * holds the text alone (for storage, counting and logs): images go to llama-server, which answers for its vision support.
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name,
                          ArrayNode contentParts) {
    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        contentParts = contentParts == null ? null : contentParts.deepCopy();
    }

    public ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
        this(role, content, toolCalls, toolCallId, name, null);
    }

    /** A user message with images: {@code text} is its text parts, {@code parts} the whole content array. */
    public static ChatMessage user(String text, ArrayNode parts) {
        return new ChatMessage("user", text, null, null, null, parts);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null, null);
    }

    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, toolCalls, null, null);
    }

    public static ChatMessage tool(String toolCallId, String name, String content) {
        return new ChatMessage("tool", content, null, toolCallId, name);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("role", role);
        if (contentParts != null) {
            node.set("content", contentParts.deepCopy());
        } else if (content != null || toolCalls.isEmpty()) {
            node.put("content", content == null ? "" : content);
        }
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : toolCalls) {
                ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (toolCallId != null) {
            node.put("tool_call_id", toolCallId);
        }
        if (name != null && "tool".equals(role)) {
            node.put("name", name);
        }
        return node;
    }
}
