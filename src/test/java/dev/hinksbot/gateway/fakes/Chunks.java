package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds llama-server JSON bodies for one completion (shared id/created/model/system_fingerprint). */
record Chunks(ObjectMapper json, String id, long created, String model, String fingerprint) {

    /** Token counts and measured times for the {@code usage} and {@code timings} objects. */
    record Stats(int promptTokens, int completionTokens, double promptMs, double predictedMs) {
        ObjectNode usage(ObjectMapper json) {
            return json.createObjectNode()
                    .put("completion_tokens", completionTokens)
                    .put("prompt_tokens", promptTokens)
                    .put("total_tokens", promptTokens + completionTokens);
        }

        ObjectNode timings(ObjectMapper json) {
            double pMs = Math.max(promptMs, 0.001);
            double gMs = Math.max(predictedMs, 0.001);
            return json.createObjectNode()
                    .put("cache_n", 0)
                    .put("prompt_n", promptTokens)
                    .put("prompt_ms", pMs)
                    .put("prompt_per_token_ms", promptTokens == 0 ? 0.0 : pMs / promptTokens)
                    .put("prompt_per_second", promptTokens * 1000.0 / pMs)
                    .put("predicted_n", completionTokens)
                    .put("predicted_ms", gMs)
                    .put("predicted_per_token_ms", completionTokens == 0 ? 0.0 : gMs / completionTokens)
                    .put("predicted_per_second", completionTokens * 1000.0 / gMs);
        }
    }

    private ObjectNode envelope(String object) {
        ObjectNode n = json.createObjectNode();
        n.putArray("choices");
        n.put("created", created).put("id", id).put("model", model)
                .put("system_fingerprint", fingerprint).put("object", object);
        return n;
    }

    /** A {@code chat.completion.chunk} carrying {@code delta} and {@code finish_reason} (null until the end). */
    ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode n = envelope("chat.completion.chunk");
        ObjectNode choice = ((ArrayNode) n.get("choices")).addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return n;
    }

    ObjectNode roleDelta() {
        ObjectNode d = json.createObjectNode().put("role", "assistant");
        d.putNull("content");
        return d;
    }

    ObjectNode contentDelta(String piece) {
        return json.createObjectNode().put("content", piece);
    }

    ObjectNode reasoningDelta(String piece) {
        return json.createObjectNode().put("reasoning_content", piece);
    }

    /** First fragment of a call: index, id, type, name and empty arguments. */
    ObjectNode toolCallStartDelta(int index, ToolCallSpec call) {
        ObjectNode d = json.createObjectNode();
        ObjectNode tc = d.putArray("tool_calls").addObject();
        tc.put("index", index).put("id", call.id()).put("type", "function");
        tc.putObject("function").put("name", call.name()).put("arguments", "");
        return d;
    }

    /** Later fragment of a call: index and a piece of the arguments only. */
    ObjectNode toolCallArgsDelta(int index, String fragment) {
        ObjectNode d = json.createObjectNode();
        ObjectNode tc = d.putArray("tool_calls").addObject();
        tc.put("index", index);
        tc.putObject("function").put("arguments", fragment);
        return d;
    }

    /** {@code {"choices":[],"usage":{...},"timings":{...}}} — sent only with stream_options.include_usage. */
    ObjectNode usageChunk(Stats stats) {
        ObjectNode n = envelope("chat.completion.chunk");
        n.set("usage", stats.usage(json));
        n.set("timings", stats.timings(json));
        return n;
    }

    /** Non-streaming {@code chat.completion} body. */
    ObjectNode completion(Reply.Completion c, Stats stats) {
        ObjectNode n = envelope("chat.completion");
        ObjectNode choice = ((ArrayNode) n.get("choices")).addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        if (c.content() == null) msg.putNull("content");
        else msg.put("content", c.content());
        if (c.reasoning() != null) msg.put("reasoning_content", c.reasoning());
        if (!c.toolCalls().isEmpty()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (ToolCallSpec call : c.toolCalls()) {
                ObjectNode tc = calls.addObject().put("id", call.id()).put("type", "function");
                tc.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        choice.put("finish_reason", c.finishReason());
        n.set("usage", stats.usage(json));
        n.set("timings", stats.timings(json));
        return n;
    }

    static ObjectNode error(ObjectMapper json, int code, String type, String message) {
        ObjectNode n = json.createObjectNode();
        n.putObject("error").put("code", code).put("message", message).put("type", type);
        return n;
    }
}
