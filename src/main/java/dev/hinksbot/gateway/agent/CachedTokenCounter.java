package dev.hinksbot.gateway.agent;

import java.util.OptionalInt;

/**
 * Exact token counts from llama-server's `/tokenize`, per message text, cached ({@link CountCache}). Falls back to
 * the pessimistic estimate when llama-server cannot answer.
 */
public final class CachedTokenCounter implements TokenCounter {
    private final LlamaClient llama;
    private final CountCache cache;

    public CachedTokenCounter(LlamaClient llama, int maxEntries) {
        this.llama = llama;
        this.cache = new CountCache(maxEntries);
    }

    @Override
    public int count(ChatMessage message) {
        StringBuilder text = new StringBuilder(message.content() == null ? "" : message.content());
        for (ToolCall call : message.toolCalls()) {
            text.append('\n').append(call.name()).append(' ').append(call.arguments());
        }
        OptionalInt cached = cache.get(text.toString());
        if (cached.isPresent()) {
            return cached.getAsInt();
        }
        try {
            int exact = MESSAGE_OVERHEAD + llama.tokenCount(text.toString());
            cache.put(text.toString(), exact);
            return exact;
        } catch (ModelException e) {
            return ESTIMATE.count(message);
        }
    }
}
