package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token usage and llama-server timings of one model call. {@code upstreamMs} is the time llama-server
 * itself spent (prompt + generation), so gateway overhead is wall time minus this.
 */
public record Usage(int promptTokens, int completionTokens, int cachedTokens, double upstreamMs, double tokensPerSecond) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                cachedTokens + other.cachedTokens, upstreamMs + other.upstreamMs, other.tokensPerSecond);
    }

    /** Reads `usage` and `timings` from whichever object carries them (a chunk or a full response). */
    static Usage from(JsonNode usage, JsonNode timings, Usage fallback) {
        int prompt = usage != null ? usage.path("prompt_tokens").asInt(fallback.promptTokens) : fallback.promptTokens;
        int completion = usage != null ? usage.path("completion_tokens").asInt(fallback.completionTokens) : fallback.completionTokens;
        int cached = fallback.cachedTokens;
        double ms = fallback.upstreamMs;
        double tps = fallback.tokensPerSecond;
        if (timings != null && timings.isObject()) {
            cached = timings.path("cache_n").asInt(cached);
            ms = timings.path("prompt_ms").asDouble(0) + timings.path("predicted_ms").asDouble(0);
            tps = timings.path("predicted_per_second").asDouble(tps);
            if (usage == null) {
                prompt = timings.path("prompt_n").asInt(prompt);
                completion = timings.path("predicted_n").asInt(completion);
            }
        }
        return new Usage(prompt, completion, cached, ms, tps);
    }
}
