package dev.hinksbot.gateway.store;

import java.time.Instant;
import java.util.List;

/** A chat session. {@code toolOptions} null means "gateway default tools"; an empty list means no tools. */
public record Session(
        String id,
        String title,
        String model,
        String systemPrompt,
        List<String> toolOptions,
        Integer maxTurns,
        Instant createdAt,
        Instant updatedAt,
        long messageCount) {
    public Session {
        toolOptions = toolOptions == null ? null : List.copyOf(toolOptions);
    }
}
