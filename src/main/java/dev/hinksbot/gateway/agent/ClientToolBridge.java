package dev.hinksbot.gateway.agent;

import dev.hinksbot.gateway.tools.ToolResult;
import java.util.concurrent.CompletableFuture;

/** Where a run waits for the result of a tool the client runs itself. */
@FunctionalInterface
public interface ClientToolBridge {
    CompletableFuture<ToolResult> awaitResult(String toolCallId);

    ClientToolBridge NONE = id -> CompletableFuture.completedFuture(
            dev.hinksbot.gateway.tools.ToolResult.failure("this client cannot run tools"));
}
