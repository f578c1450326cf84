package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.common.Json;

/** Builds Responses API objects (`object: response`) and their output items from a run's transcript. */
final class ResponseObject {
    private final String id;
    private final long createdAt;
    private final String model;
    private final ResponseRequest request;
    private final String conversation;

    ResponseObject(String id, long createdAt, String model, ResponseRequest request, String conversation) {
        this.id = id;
        this.createdAt = createdAt;
        this.model = model;
        this.request = request;
        this.conversation = conversation;
    }

    String id() {
        return id;
    }

    /** The response with its status; {@code transcript} null = nothing produced yet. */
    ObjectNode build(String status, RunTranscript transcript) {
        ObjectNode r = Json.object().put("id", id).put("object", "response").put("created_at", createdAt).put("status", status)
                .put("model", model).put("instructions", request.instructions()).put("previous_response_id", request.previousResponseId())
                .put("store", request.store()).put("truncation", "disabled");
        r.setAll((com.fasterxml.jackson.databind.node.ObjectNode) request.echo()); // temperature, top_p, tool_choice, text as asked
        if (request.maxOutputTokens() != null) {
            r.put("max_output_tokens", request.maxOutputTokens());
        }
        r.putNull("incomplete_details");
        r.putObject("metadata");
        r.set("tools", request.rawTools() == null || request.rawTools().isNull() ? Json.MAPPER.createArrayNode() : request.rawTools());
        if (conversation != null) {
            r.putObject("conversation").put("id", conversation);
        }
        ArrayNode output = r.putArray("output");
        if (transcript != null) {
            for (AgentEvent.AssistantCompleted m : transcript.assistantMessages()) {
                if (m.content() != null && !m.content().isEmpty()) {
                    output.add(messageItem(m.messageId(), m.content(), "completed"));
                }
            }
            for (ToolCall call : transcript.callerToolCalls()) {
                output.add(functionCallItem(call));
            }
            r.set("usage", OpenAiUsage.responses(transcript.usage()));
            if (transcript.failure() != null) {
                r.putObject("error").put("code", transcript.failure().code()).put("message", transcript.failure().message());
            } else {
                r.putNull("error");
            }
            if ("length".equals(transcript.finishReason()) && "completed".equals(status)) {
                r.put("status", "incomplete");
                r.putObject("incomplete_details").put("reason", "max_output_tokens");
            }
        } else {
            r.putNull("usage");
            r.putNull("error");
        }
        return r;
    }

    static ObjectNode messageItem(String itemId, String text, String status) {
        ObjectNode item = Json.object().put("type", "message").put("id", itemId).put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCallItem(ToolCall call) {
        return Json.object().put("type", "function_call").put("id", "fc_" + call.id()).put("call_id", call.id())
                .put("name", call.name()).put("arguments", call.arguments()).put("status", "completed");
    }
}
