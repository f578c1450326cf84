package dev.hinksbot.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A tool the model can call. Implementations are plain Java and know nothing of Camel. */
public interface Tool {
    ToolSpec spec();

    /**
     * Runs the tool. Expected failures (bad arguments, a path outside the workspace, a command that fails)
     * come back as {@link ToolResult#failure}; an exception is treated as an unexpected tool error.
     */
    ToolResult execute(JsonNode arguments, ToolContext context) throws Exception;

    /**
     * Why this call needs a human's approval before it runs (e.g. a recursive delete), or empty when it may run
     * unasked. Called with the raw arguments, before {@link #execute}.
     */
    default Optional<String> approvalReason(JsonNode arguments) {
        return Optional.empty();
    }
}
