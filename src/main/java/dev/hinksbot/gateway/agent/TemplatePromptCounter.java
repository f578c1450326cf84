package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.util.List;
import java.util.OptionalInt;

/**
 * Counts a prompt the way the model sees it: llama-server applies the chat template to the messages and tools
 * (`/apply-template`) and tokenizes the result (`/tokenize`), cached by request ({@link CountCache}). When
 * llama-server cannot answer, the window falls back to its per-message counts.
 */
public final class TemplatePromptCounter implements PromptCounter {
    private final LlamaClient llama;
    private final CountCache cache;

    public TemplatePromptCounter(LlamaClient llama, int maxEntries) {
        this.llama = llama;
        this.cache = new CountCache(maxEntries);
    }

    @Override
    public OptionalInt count(List<ChatMessage> messages, List<JsonNode> tools) {
        ChatRequest request = new ChatRequest(null, messages, tools, null);
        String key = Json.write(request.toJson(false));
        OptionalInt cached = cache.get(key);
        if (cached.isPresent()) {
            return cached;
        }
        try {
            int tokens = llama.tokenCount(llama.applyTemplate(request));
            cache.put(key, tokens);
            return OptionalInt.of(tokens);
        } catch (ModelException e) {
            return OptionalInt.empty();
        }
    }
}
