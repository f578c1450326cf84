package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ModelParams;
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
                       List<ToolSpec> clientTools, JsonNode rawTools, Integer maxOutputTokens, ModelParams params,
                       JsonNode echo, JsonNode rawInput) {

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
                OpenAiJson.clientTools(body.get("tools")), body.get("tools"), OpenAiJson.positiveInt(body, "max_output_tokens"),
                ModelParamsReader.responses(body), echo(body), body.get("input"));
    }

    /** The request's settings as a response object echoes them (OpenAI's defaults where the client sent none). */
    private static JsonNode echo(JsonNode body) {
        com.fasterxml.jackson.databind.node.ObjectNode e = dev.hinksbot.gateway.common.Json.object();
        e.set("temperature", body.hasNonNull("temperature") ? body.get("temperature") : e.numberNode(1.0));
        e.set("top_p", body.hasNonNull("top_p") ? body.get("top_p") : e.numberNode(1.0));
        e.set("tool_choice", body.hasNonNull("tool_choice") ? body.get("tool_choice") : e.textNode("auto"));
        e.put("parallel_tool_calls", !body.has("parallel_tool_calls") || body.get("parallel_tool_calls").asBoolean(true));
        JsonNode text = body.get("text");
        if (text != null && text.isObject() && text.has("format")) {
            e.set("text", text);
        } else {
            e.putObject("text").putObject("format").put("type", "text");
        }
        return e;
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
            if (type.equals("reasoning")) {
                continue; // the model's earlier thinking: accepted (clients replay it) but not sent back to llama-server
            }
            if (!type.equals("function_call") && !pendingCalls.isEmpty()) {
                flushCalls(out, pendingCalls);
                pendingCalls = new ArrayList<>();
            }
            switch (type) {
                case "message" -> {
                    String role = item.path("role").asText("");
                    OpenAiJson.Content parsed = OpenAiJson.message(item.get("content"), param + ".content");
                    String text = parsed.text();
                    switch (role) {
                        case "user" -> out.add(parsed.parts() != null ? ChatMessage.user(text, parsed.parts())
                                : ChatMessage.user(text == null ? "" : text));
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
                        "input items of type '" + type + "' are not supported (message, function_call, function_call_output, reasoning)");
            }
        }
        if (!pendingCalls.isEmpty()) {
            flushCalls(out, pendingCalls);
        }
        return out;
    }

    /**
     * Consecutive `function_call` items are one assistant turn with tool calls. When the turn also said something
     * (an assistant `message` item just before the calls, as the Agents SDK replays it), the text and the calls are
     * one message, as the model produced them.
     */
    private static void flushCalls(List<ChatMessage> out, List<ToolCall> calls) {
        ChatMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && "assistant".equals(last.role()) && !last.hasToolCalls()) {
            out.set(out.size() - 1, ChatMessage.assistant(last.content(), calls));
        } else {
            out.add(ChatMessage.assistant(null, calls));
        }
    }

    private static String required(JsonNode item, String field, String param) {
        String value = item.path(field).asText("");
        if (value.isEmpty()) {
            throw OpenAiJson.invalid(param + "." + field, "'" + field + "' is required");
        }
        return value;
    }
}
