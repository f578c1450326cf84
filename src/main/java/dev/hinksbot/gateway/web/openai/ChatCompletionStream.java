package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.SseStream;
import java.util.List;

/**
 * Renders a run as OpenAI `chat.completion.chunk` events: text and reasoning deltas as they come, gateway tool
 * progress as a named `hinksbot.tool.progress` event (a chunk without choices, which plain clients pass over), the caller's tool calls and
 * finish_reason at the end, usage when asked for, then `[DONE]`. Nothing is sent before the first output, so a run
 * that fails at once is still answered with an HTTP error status; a failure after that is an `error` chunk.
 */
final class ChatCompletionStream implements AgentEventListener {
    static final String TOOL_PROGRESS_EVENT = "hinksbot.tool.progress";

    private final SseStream sse;
    private final RunTranscript transcript;
    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private boolean roleSent;

    ChatCompletionStream(SseStream sse, RunTranscript transcript, String id, String model, long created, boolean includeUsage) {
        this.sse = sse;
        this.transcript = transcript;
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public void on(AgentEvent event) {
        transcript.on(event);
        if (event instanceof AgentEvent.AssistantDelta e) {
            sendRole();
            delta(Json.object().put("content", e.delta()));
        } else if (event instanceof AgentEvent.ReasoningDelta e) {
            sendRole();
            delta(Json.object().put("reasoning_content", e.delta()));
        } else if (event instanceof AgentEvent.ToolStarted e) {
            sendRole();
            toolProgress(Json.object().put("status", "started").put("tool", e.toolName())
                    .put("tool_call_id", e.toolCallId()).set("arguments", e.arguments()));
        } else if (event instanceof AgentEvent.ToolCompleted e) {
            ObjectNode progress = Json.object().put("status", "completed").put("tool", e.toolName())
                    .put("tool_call_id", e.toolCallId()).put("success", e.success()).put("duration_ms", e.durationMs());
            if (!e.success()) {
                progress.put("error", e.error());
            }
            toolProgress(progress);
        } else if (event instanceof AgentEvent.RunCompleted) {
            finish();
        } else if (event instanceof AgentEvent.RunFailed e && sse.started()) {
            // Before the first byte the processor still answers with an HTTP error status instead.
            sse.data(ApiErrorResponder.body(RunTranscript.asHttpError(e).status(), e.code(), e.message()));
            sse.data("[DONE]");
            sse.end();
        } else if (event instanceof AgentEvent.RunCancelled) {
            sse.end();
        }
    }

    /**
     * A named event for clients that look for it; its data is also a valid chunk without choices (like the usage
     * chunk), because some clients — OpenAI's Java SDK among them — parse every event's data as a chunk.
     */
    private void toolProgress(ObjectNode progress) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.set("tool_progress", progress);
        sse.event(TOOL_PROGRESS_EVENT, Json.write(chunk));
    }

    private void sendRole() {
        if (!roleSent) {
            roleSent = true;
            delta(Json.object().put("role", "assistant").put("content", ""));
        }
    }

    private void finish() {
        sendRole();
        List<ToolCall> calls = transcript.callerToolCalls();
        if (!calls.isEmpty()) {
            ObjectNode delta = Json.object();
            ArrayNode array = delta.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                ToolCall call = calls.get(i);
                ObjectNode c = array.addObject().put("index", i).put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
            delta(delta);
        }
        ObjectNode last = chunk();
        last.withArray("choices").addObject().put("index", 0).<ObjectNode>set("delta", Json.object())
                .put("finish_reason", transcript.finishReason());
        sse.data(Json.write(last));
        if (includeUsage) {
            ObjectNode usage = chunk();
            usage.putArray("choices");
            usage.set("usage", OpenAiUsage.chat(transcript.usage()));
            sse.data(Json.write(usage));
        }
        sse.data("[DONE]");
        sse.end();
    }

    private void delta(ObjectNode delta) {
        ObjectNode chunk = chunk();
        chunk.withArray("choices").addObject().put("index", 0).<ObjectNode>set("delta", delta).putNull("finish_reason");
        sse.data(Json.write(chunk));
    }

    private ObjectNode chunk() {
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model).put("system_fingerprint", "hinksbot");
    }
}
