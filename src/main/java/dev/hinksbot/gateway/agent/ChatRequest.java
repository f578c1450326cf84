package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.util.List;

/**
 * A chat completion request as the agent builds it. {@code tools} are OpenAI `tools[]` entries; {@code params} are
 * the client's sampling and format parameters for this turn (see {@link ModelParams}).
 */
public record ChatRequest(String model, List<ChatMessage> messages, List<JsonNode> tools, Integer maxTokens, ObjectNode params) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        params = params == null ? Json.object() : params;
    }

    public ChatRequest(String model, List<ChatMessage> messages, List<JsonNode> tools, Integer maxTokens) {
        this(model, messages, tools, maxTokens, null);
    }

    ObjectNode toJson(boolean stream) {
        ObjectNode body = Json.object();
        if (model != null && !model.isBlank()) {
            body.put("model", model);
        }
        ArrayNode msgs = body.putArray("messages");
        messages.forEach(m -> msgs.add(m.toJson()));
        if (!tools.isEmpty()) {
            body.putArray("tools").addAll(tools);
        }
        params.fields().forEachRemaining(e -> {
            // tool_choice without tools makes llama-server refuse the request
            if (!tools.isEmpty() || !e.getKey().equals("tool_choice") && !e.getKey().equals("parallel_tool_calls")) {
                body.set(e.getKey(), e.getValue());
            }
        });
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }
}
