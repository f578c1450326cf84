package dev.hinksbot.gateway.channels.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A `POST /v1/responses` request: `input` (a string or items), `instructions`, and where the conversation continues —
 * `previous_response_id` or `conversation`, never both.
 */
record ResponseRequest(String model, String instructions, List<ChatMessage> input, String inputSystemText,
                       String previousResponseId, String conversation, boolean store, boolean stream,
                       List<ToolSpec> clientTools, JsonNode rawTools, Integer maxOutputTokens) {

    static ResponseRequest parse(JsonNode body) {
        String previous = OpenAiJson.optionalText(body, "previous_response_id");
        String conversation = conversation(body.get("conversation"));
        if (previous != null && conversation != null) {
            throw OpenAiJson.invalid("conversation", "send either 'previous_response_id' or 'conversation', not both");
        }
        StringBuilder system = new StringBuilder();
        List<ChatMessage> input = input(body.get("input"), system);
        if (input.isEmpty()) {
            throw OpenAiJson.invalid("input", "'input' must be a non-empty string or a list of input items");
        }
        return new ResponseRequest(OpenAiJson.optionalText(body, "model"), OpenAiJson.optionalText(body, "instructions"), input,
                system.toString(), previous, conversation, OpenAiJson.flag(body, "store", true), OpenAiJson.flag(body, "stream", false),
                OpenAiJson.clientTools(body.get("tools")), body.get("tools"), OpenAiJson.positiveInt(body, "max_output_tokens"));
    }

    /** `conversation` is a session id, as a string or `{"id": …}`. */
    private static String conversation(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode id = node.isObject() ? node.get("id") : node;
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw OpenAiJson.invalid("conversation", "'conversation' must be a conversation id or {\"id\": …}");
        }
        return id.asText().trim();
    }

    private static List<ChatMessage> input(JsonNode input, StringBuilder system) {
        List<ChatMessage> out = new ArrayList<>();
        if (input == null || input.isNull()) {
            return out;
        }
        if (input.isTextual()) {
            out.add(ChatMessage.user(input.asText()));
            return out;
        }
        if (!input.isArray()) {
            throw OpenAiJson.invalid("input", "'input' must be a string or an array of items");
        }
        List<ToolCall> pendingCalls = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[" + i + "]";
            String type = item.path("type").asText("message");
            if (!type.equals("function_call") && !pendingCalls.isEmpty()) {
                out.add(ChatMessage.assistant(null, pendingCalls));
                pendingCalls = new ArrayList<>();
            }
            switch (type) {
                case "message" -> {
                    String role = item.path("role").asText("");
                    String text = OpenAiJson.content(item.get("content"), param + ".content");
                    switch (role) {
                        case "user" -> out.add(ChatMessage.user(text == null ? "" : text));
                        case "assistant" -> out.add(ChatMessage.assistant(text, List.of()));
                        case "system", "developer" -> {
                            if (text != null && !text.isBlank()) {
                                system.append(system.length() > 0 ? "\n\n" : "").append(text);
                            }
                        }
                        default -> throw OpenAiJson.invalid(param + ".role", "role must be user, assistant, system or developer");
                    }
                }
                case "function_call" -> pendingCalls.add(new ToolCall(required(item, "call_id", param), required(item, "name", param),
                        item.path("arguments").asText("")));
                case "function_call_output" -> {
                    JsonNode output = item.get("output");
                    String text = output == null || output.isNull() ? "" : output.isTextual() ? output.asText()
                            : OpenAiJson.content(output, param + ".output");
                    out.add(ChatMessage.tool(required(item, "call_id", param), null, text));
                }
                default -> throw OpenAiJson.invalid(param + ".type",
                        "input items of type '" + type + "' are not supported (message, function_call, function_call_output)");
            }
        }
        if (!pendingCalls.isEmpty()) {
            out.add(ChatMessage.assistant(null, pendingCalls));
        }
        return out;
    }

    private static String required(JsonNode item, String field, String param) {
        String value = item.path(field).asText("");
        if (value.isEmpty()) {
            throw OpenAiJson.invalid(param + "." + field, "'" + field + "' is required");
        }
        return value;
    }
}
