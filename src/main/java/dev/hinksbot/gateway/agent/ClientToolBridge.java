package dev.hinksbot.gateway.agent;

import dev.hinksbot.gateway.tools.ToolResult;
import java.util.concurrent.CompletableFuture;

/**
 * Where a run gets the result of a tool the client runs itself: awaited on the same connection (the WebSocket),
 * or — for request/response clients such as OpenAI's API — the run ends and the calls go back to the caller.
 */
@FunctionalInterface
public interface ClientToolBridge {
    CompletableFuture<ToolResult> awaitResult(String toolCallId);

    /** True when client tool calls end the run (stop reason {@code tool_calls}) instead of being awaited. */
    default boolean returnsToCaller() {
        return false;
    }

    ClientToolBridge NONE = id -> CompletableFuture.completedFuture(ToolResult.failure("this client cannot run tools"));

    /** OpenAI semantics: the client gets the calls as the answer and sends their results in its next request. */
    ClientToolBridge RETURN_TO_CALLER = new ClientToolBridge() {
        @Override
        public CompletableFuture<ToolResult> awaitResult(String toolCallId) {
            throw new IllegalStateException("calls for the caller are returned, not awaited");
        }

        @Override
        public boolean returnsToCaller() {
            return true;
        }
    };
}
