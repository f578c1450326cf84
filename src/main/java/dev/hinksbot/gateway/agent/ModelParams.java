package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.util.List;

/**
 * Sampling and format parameters a client asked for (`temperature`, `top_p`, `seed`, `stop`, `response_format`,
 * `tool_choice`, …), in llama-server's chat wire, sent with every model turn of the run. Only the keys in
 * {@link #KEYS} are carried: the gateway owns `messages`, `tools`, `stream` and `max_tokens`.
 */
public record ModelParams(ObjectNode values) {
    /** What llama-server's `/v1/chat/completions` takes besides the conversation (OpenAI's names and llama.cpp's). */
    public static final List<String> KEYS = List.of("temperature", "top_p", "top_k", "min_p", "typical_p", "seed", "stop",
            "presence_penalty", "frequency_penalty", "repeat_penalty", "logit_bias", "response_format", "tool_choice",
            "parallel_tool_calls", "reasoning_effort", "chat_template_kwargs");

    public static final ModelParams NONE = new ModelParams(Json.object());

    public ModelParams {
        values = values == null ? Json.object() : values.deepCopy();
        values.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("not a model parameter: " + k);
            }
        });
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The parameters for one model turn. A `tool_choice` that forces a call ("required", or one named function)
     * holds for the first turn only: forced on every turn, the model could never give its final answer after the
     * tools ran (the OpenAI Agents SDK resets it the same way).
     */
    public ObjectNode forTurn(int turn) {
        ObjectNode out = values.deepCopy();
        JsonNode choice = values.get("tool_choice");
        boolean forcing = choice != null && (choice.isObject() || "required".equals(choice.asText()));
        if (turn > 1 && forcing) {
            out.remove("tool_choice");
        }
        return out;
    }
}
