package dev.hinksbot.gateway.chat;

import java.util.List;
import java.util.Set;

/**
 * A change to the gateway-wide defaults: a non-null field is saved; a name in {@code reset}
 * ({@link DefaultSettings#MODEL}, …) goes back to its configured value. Anything else stays as it is.
 */
public record DefaultsPatch(String model, String systemPrompt, List<String> toolOptions, Integer maxTurns, Set<String> reset) {
    public DefaultsPatch {
        toolOptions = toolOptions == null ? null : List.copyOf(toolOptions);
        reset = reset == null ? Set.of() : Set.copyOf(reset);
    }
}
