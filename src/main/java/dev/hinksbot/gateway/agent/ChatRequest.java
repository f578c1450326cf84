package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.util.List;

/** A chat completion request as the agent builds it. {@code tools} are OpenAI `tools[]` entries. */
public record ChatRequest(String model, List<ChatMessage> messages, List<JsonNode> tools, Integer maxTokens) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
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
