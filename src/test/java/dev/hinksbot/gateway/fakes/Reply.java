package dev.hinksbot.gateway.fakes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ScriptedLlamaServer} answers to one {@code POST /v1/chat/completions}. Build with the static factories.
 */
public sealed interface Reply {

    /**
     * A normal completion: optional reasoning, optional content, optional tool calls, then {@code finishReason}.
     * Streamed as: role chunk, reasoning pieces, content pieces, tool-call fragments, finish chunk,
     * [usage chunk], {@code [DONE]}; {@code perChunk} is slept before every chunk after the role chunk.
     */
    record Completion(String reasoning, String content, List<ToolCallSpec> toolCalls, String finishReason,
                      Duration perChunk, boolean interleaveToolCalls) implements Reply {
        public Completion {
            toolCalls = List.copyOf(toolCalls);
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(perChunk, "perChunk");
        }

        /** Same completion, but tool-call argument fragments of different calls are emitted round-robin. */
        public Completion interleaved() {
            return new Completion(reasoning, content, toolCalls, finishReason, perChunk, true);
        }

        /** Same completion, sleeping {@code delay} before every chunk after the role chunk. */
        public Completion withDelay(Duration delay) {
            return new Completion(reasoning, content, toolCalls, finishReason, delay, interleaveToolCalls);
        }
    }

    /** HTTP error before any stream: status = {@code status}, body {@code {"error":{"code","message","type"}}}. */
    record HttpError(int status, String type, String message) implements Reply {}

    /** Streams {@code partialContent}, then {@code data: {"error":{"code":500,...}}}; no finish chunk, no [DONE]. */
    record MidStreamError(String partialContent, String message) implements Reply {}

    /** Sends headers and the role chunk, then nothing (except SSE ping comments) until the client or server goes. */
    record Hang() implements Reply {}

    /** Streams {@code partialContent}, then resets the connection (no terminating chunk, no [DONE]). */
    record DropConnection(String partialContent) implements Reply {}

    static Completion text(String content) {
        return new Completion(null, content, List.of(), "stop", Duration.ZERO, false);
    }

    static Completion reasoningThenText(String reasoning, String content) {
        return new Completion(reasoning, content, List.of(), "stop", Duration.ZERO, false);
    }

    static Completion toolCalls(ToolCallSpec... calls) {
        return new Completion(null, null, List.of(calls), "tool_calls", Duration.ZERO, false);
    }

    static Completion textThenToolCalls(String content, ToolCallSpec... calls) {
        return new Completion(null, content, List.of(calls), "tool_calls", Duration.ZERO, false);
    }

    static Completion slow(String content, Duration perChunk) {
        return new Completion(null, content, List.of(), "stop", perChunk, false);
    }

    static Completion length(String content) {
        return new Completion(null, content, List.of(), "length", Duration.ZERO, false);
    }

    static HttpError error(int status, String type, String message) {
        return new HttpError(status, type, message);
    }

    static MidStreamError midStreamError(String partialContent, String message) {
        return new MidStreamError(partialContent, message);
    }

    static Hang hang() {
        return new Hang();
    }

    static DropConnection dropConnection(String partialContent) {
        return new DropConnection(partialContent);
    }
}
