package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalInt;

/**
 * Counts a whole prompt as the model will see it — the chat template applied to the messages and the tool
 * schemas — or says it cannot. Per-message counts miss the template and guess the schemas; only the rendered prompt
 * is exact (a template may not render tools at all, or render them at a fraction of their JSON size).
 */
@FunctionalInterface
public interface PromptCounter {
    OptionalInt count(List<ChatMessage> messages, List<JsonNode> tools);

    /** No exact count: the window falls back to per-message counts and a pessimistic schema estimate. */
    PromptCounter NONE = (messages, tools) -> OptionalInt.empty();
}
