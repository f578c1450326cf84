package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.SseStream;

/**
 * Renders a run as Responses API events, each with its `sequence_number`: `response.created`, then per assistant
 * message `response.output_item.added` → `response.content_part.added` → `response.output_text.delta`… →
 * `response.output_text.done` → `response.content_part.done` → `response.output_item.done`, the caller's function
 * calls as items, and `response.completed` (or `response.failed`).
 */
final class ResponseStream implements AgentEventListener {
    private final SseStream sse;
    private final RunTranscript transcript;
    private final ResponseObject response;
    private int sequence;
    private int outputIndex = -1;
    private String openItem;
    private final StringBuilder openText = new StringBuilder();

    ResponseStream(SseStream sse, RunTranscript transcript, ResponseObject response) {
        this.sse = sse;
        this.transcript = transcript;
        this.response = response;
    }

    @Override
    public void on(AgentEvent event) {
        transcript.on(event);
        if (event instanceof AgentEvent.RunStarted) {
            emit("response.created", Json.object().set("response", response.build("in_progress", null)));
            emit("response.in_progress", Json.object().set("response", response.build("in_progress", null)));
        } else if (event instanceof AgentEvent.AssistantDelta e) {
            if (!e.messageId().equals(openItem)) {
                openMessage(e.messageId());
            }
            openText.append(e.delta());
            emit("response.output_text.delta", Json.object().put("item_id", openItem).put("output_index", outputIndex)
                    .put("content_index", 0).put("delta", e.delta()));
        } else if (event instanceof AgentEvent.AssistantCompleted e) {
            if (e.messageId().equals(openItem)) {
                closeMessage(e.content());
            }
        } else if (event instanceof AgentEvent.RunCompleted) {
            for (ToolCall call : transcript.callerToolCalls()) {
                outputIndex++;
                ObjectNode item = ResponseObject.functionCallItem(call);
                emit("response.output_item.added", Json.object().put("output_index", outputIndex)
                        .set("item", item.deepCopy().put("status", "in_progress").put("arguments", "")));
                emit("response.function_call_arguments.delta", Json.object().put("item_id", item.get("id").asText())
                        .put("output_index", outputIndex).put("delta", call.arguments()));
                emit("response.function_call_arguments.done", Json.object().put("item_id", item.get("id").asText())
                        .put("output_index", outputIndex).put("arguments", call.arguments()));
                emit("response.output_item.done", Json.object().put("output_index", outputIndex).set("item", item));
            }
        }
        // The terminal event waits for finish(): the response is stored first, so a client that reads
        // response.completed and then GETs the response finds it completed.
    }

    /**
     * Sends the terminal event for the stored body and ends the stream: `response.completed`, `response.failed`,
     * or `response.incomplete` (cut short, or cancelled by `POST /v1/responses/{id}/cancel` or the client leaving:
     * OpenAI has no response.cancelled event, and response.incomplete is the terminal event SDKs parse).
     */
    void finish(ObjectNode body) {
        String type = switch (body.path("status").asText()) {
            case "failed" -> "response.failed";
            case "incomplete", "cancelled" -> "response.incomplete";
            default -> "response.completed";
        };
        emit(type, Json.object().set("response", body));
        sse.end();
    }

    private void openMessage(String itemId) {
        openItem = itemId;
        openText.setLength(0);
        outputIndex++;
        emit("response.output_item.added", Json.object().put("output_index", outputIndex)
                .set("item", ResponseObject.messageItem(itemId, null, "in_progress")));
        emit("response.content_part.added", Json.object().put("item_id", itemId).put("output_index", outputIndex)
                .put("content_index", 0).set("part", ResponseObject.outputText("")));
    }

    private void closeMessage(String text) {
        String finalText = text == null ? openText.toString() : text;
        emit("response.output_text.done", Json.object().put("item_id", openItem).put("output_index", outputIndex)
                .put("content_index", 0).put("text", finalText));
        emit("response.content_part.done", Json.object().put("item_id", openItem).put("output_index", outputIndex)
                .put("content_index", 0).set("part", ResponseObject.outputText(finalText)));
        emit("response.output_item.done", Json.object().put("output_index", outputIndex)
                .set("item", ResponseObject.messageItem(openItem, finalText, "completed")));
        openItem = null;
    }

    private void emit(String type, ObjectNode payload) {
        ObjectNode event = Json.object().put("type", type).put("sequence_number", sequence++);
        event.setAll(payload);
        sse.event(type, Json.write(event));
    }
}
