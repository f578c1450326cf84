package dev.hinksbot.gateway.agent;

import java.util.List;

/** The assembled result of one model call. */
public record ModelTurn(String content, String reasoning, List<ToolCall> toolCalls, String finishReason, Usage usage, String model) {
    public ModelTurn {
        toolCalls = List.copyOf(toolCalls);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
