package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.common.CancelSignal;
import java.util.concurrent.CompletableFuture;

/** A run in flight: its ids, its cancel signal, and a future that completes when the run has ended. */
public record ActiveRun(String runId, String sessionId, String userMessageId, CancelSignal cancel, CompletableFuture<Void> done) {
}
