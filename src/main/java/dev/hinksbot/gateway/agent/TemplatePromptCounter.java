package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Counts a prompt the way the model sees it: llama-server applies the chat template to the messages and tools
 * (`/apply-template`) and tokenizes the result (`/tokenize`). Counts are cached by a digest of the request (the same
 * candidate prompts recur turn after turn), so the cache holds no conversation text. When llama-server cannot
 * answer, the window falls back to its estimate.
 */
public final class TemplatePromptCounter implements PromptCounter {
    private final LlamaClient llama;
    private final Map<String, Integer> cache;

    public TemplatePromptCounter(LlamaClient llama, int maxEntries) {
        this.llama = llama;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public OptionalInt count(List<ChatMessage> messages, List<JsonNode> tools) {
        ChatRequest request = new ChatRequest(null, messages, tools, null);
        String key = digest(Json.write(request.toJson(false)));
        synchronized (cache) {
            Integer cached = cache.get(key);
            if (cached != null) {
                return OptionalInt.of(cached);
            }
        }
        try {
            int tokens = llama.tokenCount(llama.applyTemplate(request));
            synchronized (cache) {
                cache.put(key, tokens);
            }
            return OptionalInt.of(tokens);
        } catch (ModelException e) {
            return OptionalInt.empty();
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
