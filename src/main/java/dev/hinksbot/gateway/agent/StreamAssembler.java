package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles llama-server's `chat.completion.chunk` events into one {@link ModelTurn}: text and reasoning
 * deltas, tool calls from fragments told apart by `index` (id and name arrive only in a call's first
 * fragment), the finish reason, and usage/timings from whichever chunk carries them.
 */
public final class StreamAssembler {
    /** Receives deltas as they arrive, for live rendering. */
    public interface DeltaListener {
        void onContent(String delta);

        void onReasoning(String delta);

        DeltaListener NONE = new DeltaListener() {
            @Override
            public void onContent(String delta) {
            }

            @Override
            public void onReasoning(String delta) {
            }
        };
    }

    private final DeltaListener listener;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<Integer, PartialCall> calls = new TreeMap<>();
    private String finishReason;
    private Usage usage = Usage.NONE;
    private String model;

    public StreamAssembler(DeltaListener listener) {
        this.listener = listener;
    }

    /** Feeds one parsed `data:` event. Throws when the event is llama-server's mid-stream error. */
    public void accept(JsonNode chunk) throws ModelException {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw LlamaErrors.fromErrorBody(error, 0, true);
        }
        if (chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            String reasoningDelta = textOrNull(delta.get("reasoning_content"));
            if (reasoningDelta != null && !reasoningDelta.isEmpty()) {
                reasoning.append(reasoningDelta);
                listener.onReasoning(reasoningDelta);
            }
            String contentDelta = textOrNull(delta.get("content"));
            if (contentDelta != null && !contentDelta.isEmpty()) {
                content.append(contentDelta);
                listener.onContent(contentDelta);
            }
            for (JsonNode fragment : delta.path("tool_calls")) {
                int index = fragment.path("index").asInt(calls.size());
                PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
                call.accept(fragment);
            }
            String finish = textOrNull(choice.get("finish_reason"));
            if (finish != null) {
                finishReason = finish;
            }
        }
        if (chunk.has("usage") || chunk.has("timings")) {
            usage = Usage.from(nullIfMissing(chunk.get("usage")), nullIfMissing(chunk.get("timings")), usage);
        }
    }

    public boolean finished() {
        return finishReason != null;
    }

    public String partialContent() {
        return content.toString();
    }

    public String partialReasoning() {
        return reasoning.toString();
    }

    public ModelTurn result() {
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.forEach((index, call) -> toolCalls.add(call.toToolCall(index)));
        return new ModelTurn(content.toString(), reasoning.toString(), toolCalls, finishReason, usage, model);
    }

    private static JsonNode nullIfMissing(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static final class PartialCall {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void accept(JsonNode fragment) {
            if (fragment.hasNonNull("id") && !fragment.get("id").asText().isEmpty()) {
                id = fragment.get("id").asText();
            }
            JsonNode function = fragment.path("function");
            if (function.hasNonNull("name") && !function.get("name").asText().isEmpty()) {
                name = function.get("name").asText();
            }
            if (function.hasNonNull("arguments")) {
                arguments.append(function.get("arguments").asText());
            }
        }

        ToolCall toToolCall(int index) {
            // Some templates omit ids; the loop still needs one to pair the result with the call.
            String callId = id != null ? id : "call_" + index;
            return new ToolCall(callId, name == null ? "" : name, arguments.toString());
        }
    }
}
