package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.Usage;
import dev.hinksbot.gateway.common.Json;

/** Token usage in the two OpenAI spellings. */
final class OpenAiUsage {
    private OpenAiUsage() {
    }

    static ObjectNode chat(Usage usage) {
        ObjectNode node = Json.object().put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        return node;
    }

    static ObjectNode responses(Usage usage) {
        ObjectNode node = Json.object().put("input_tokens", usage.promptTokens()).put("output_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
        node.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", 0);
        return node;
    }
}
