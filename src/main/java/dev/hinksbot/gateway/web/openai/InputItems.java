package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.common.Json;

/**
 * A response's input as `GET /v1/responses/{id}/input_items` lists it: each item with an id and its type, a string
 * input as one user message, string message content as an `input_text` part (OpenAI's list shape).
 */
final class InputItems {
    private InputItems() {
    }

    static ArrayNode of(JsonNode input) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (input == null || input.isNull()) {
            return out;
        }
        if (input.isTextual()) {
            out.add(message("user", input));
            return out;
        }
        for (JsonNode item : input) {
            String type = item.path("type").asText("message");
            ObjectNode copy;
            if ("message".equals(type)) {
                copy = message(item.path("role").asText("user"), item.get("content"));
                if (item.hasNonNull("id")) {
                    copy.set("id", item.get("id"));
                }
            } else {
                copy = item.deepCopy();
                if (!copy.hasNonNull("id")) {
                    copy.put("id", prefix(type) + Ids.next("item").substring(5));
                }
            }
            out.add(copy);
        }
        return out;
    }

    private static ObjectNode message(String role, JsonNode content) {
        ObjectNode m = Json.object().put("id", "msg_" + Ids.next("item").substring(5)).put("type", "message")
                .put("role", role).put("status", "completed");
        ArrayNode parts = m.putArray("content");
        if (content != null && content.isArray()) {
            parts.addAll((ArrayNode) content.deepCopy());
        } else if (content != null && !content.isNull()) {
            parts.addObject().put("type", "assistant".equals(role) ? "output_text" : "input_text").put("text", content.asText());
        }
        return m;
    }

    private static String prefix(String type) {
        return switch (type) {
            case "function_call" -> "fc_";
            case "function_call_output" -> "fco_";
            case "reasoning" -> "rs_";
            default -> "item_";
        };
    }
}
