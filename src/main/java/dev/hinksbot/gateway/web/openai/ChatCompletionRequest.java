package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ModelParams;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chat Completions request as the agent path reads it. System (and `developer`) messages become system text
 * layered on the profile's prompt; the rest is the conversation in the chat wire.
 */
record ChatCompletionRequest(String model, boolean stream, boolean includeUsage, String systemText,
                             List<ChatMessage> conversation, List<ToolSpec> clientTools, String user, Integer maxTokens,
                             ModelParams params) {

    static ChatCompletionRequest parse(JsonNode body, String defaultModel) {
        String model = OpenAiJson.optionalText(body, "model");
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw OpenAiJson.invalid("messages", "'messages' must be a non-empty array");
        }
        StringBuilder system = new StringBuilder();
        List<ChatMessage> conversation = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String param = "messages[" + i + "]";
            String role = m.path("role").asText("");
            OpenAiJson.Content parsed = OpenAiJson.message(m.get("content"), param + ".content");
            String content = parsed.text();
            switch (role) {
                case "system", "developer" -> {
                    if (content != null && !content.isBlank()) {
                        system.append(system.length() > 0 ? "\n\n" : "").append(content);
                    }
                }
                case "user" -> conversation.add(parsed.parts() != null ? ChatMessage.user(content, parsed.parts())
                        : ChatMessage.user(content == null ? "" : content));
                case "assistant" -> conversation.add(ChatMessage.assistant(content, toolCalls(m.get("tool_calls"), param)));
                case "tool" -> {
                    String callId = m.path("tool_call_id").asText("");
                    if (callId.isEmpty()) {
                        throw OpenAiJson.invalid(param + ".tool_call_id", "a tool message needs 'tool_call_id'");
                    }
                    conversation.add(ChatMessage.tool(callId, m.hasNonNull("name") ? m.get("name").asText() : null,
                            content == null ? "" : content));
                }
                default -> throw OpenAiJson.invalid(param + ".role",
                        "role must be one of system, developer, user, assistant, tool (got '" + role + "')");
            }
        }
        if (conversation.isEmpty()) {
            throw OpenAiJson.invalid("messages", "'messages' needs at least one user message");
        }
        JsonNode streamOptions = body.get("stream_options");
        boolean includeUsage = streamOptions != null && streamOptions.path("include_usage").asBoolean(false);
        return new ChatCompletionRequest(model == null || model.isBlank() ? defaultModel : model,
                OpenAiJson.flag(body, "stream", false), includeUsage, system.toString(), conversation,
                OpenAiJson.clientTools(body.get("tools")), OpenAiJson.optionalText(body, "user"),
                OpenAiJson.positiveInt(body, body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens"),
                ModelParamsReader.chat(body));
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String param) {
        List<ToolCall> out = new ArrayList<>();
        if (calls == null || calls.isNull()) {
            return out;
        }
        if (!calls.isArray()) {
            throw OpenAiJson.invalid(param + ".tool_calls", "'tool_calls' must be an array");
        }
        for (JsonNode c : calls) {
            JsonNode fn = c.path("function");
            out.add(new ToolCall(c.path("id").asText(""), fn.path("name").asText(""), fn.path("arguments").asText("")));
        }
        return out;
    }

    /**
     * The messages a stored session has not seen: all of them for an empty session, else those after the last
     * assistant message (the new user message, or results of tools the client ran) — clients resend the whole
     * conversation, and storing it again would double the history.
     */
    List<ChatMessage> newForSession(boolean sessionHasHistory) {
        if (!sessionHasHistory) {
            return conversation;
        }
        int lastAssistant = -1;
        for (int i = 0; i < conversation.size(); i++) {
            if ("assistant".equals(conversation.get(i).role())) {
                lastAssistant = i;
            }
        }
        return conversation.subList(lastAssistant + 1, conversation.size());
    }
}
