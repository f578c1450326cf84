package dev.hinksbot.gateway.fakes;

import java.util.Objects;

/**
 * One scripted tool call: {@code argumentsJson} is sent verbatim as the OpenAI {@code function.arguments} string
 * (it is not validated, so tests can also script malformed arguments).
 */
public record ToolCallSpec(String id, String name, String argumentsJson) {
    public ToolCallSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
