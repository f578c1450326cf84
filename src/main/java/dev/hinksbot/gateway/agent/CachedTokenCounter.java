package dev.hinksbot.gateway.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact token counts from llama-server's `/tokenize`, cached per message text in a bounded LRU (the same history
 * is re-counted every turn), keyed by a digest so the cache holds no conversation text. Falls back to the pessimistic estimate when llama-server cannot answer.
 */
public final class CachedTokenCounter implements TokenCounter {
    private final LlamaClient llama;
    private final Map<String, Integer> cache;

    public CachedTokenCounter(LlamaClient llama, int maxEntries) {
        this.llama = llama;
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public int count(ChatMessage message) {
        StringBuilder text = new StringBuilder(message.content() == null ? "" : message.content());
        for (ToolCall call : message.toolCalls()) {
            text.append('\n').append(call.name()).append(' ').append(call.arguments());
        }
        String key = digest(text.toString());
        Integer cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        if (cached != null) {
            return cached;
        }
        try {
            int exact = MESSAGE_OVERHEAD + llama.tokenCount(text.toString());
            synchronized (cache) {
                cache.put(key, exact);
            }
            return exact;
        } catch (ModelException e) {
            return ESTIMATE.count(message);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
