package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a tool call that needs a human's approval (a dangerous shell command) may run. An attended run
 * asks the person in the chat and waits; an unattended one (the OpenAI API, cron) cannot ask and is denied.
 */
@FunctionalInterface
public interface ApprovalGate {
    /** Approvals switched off: every call runs. */
    ApprovalGate ALLOW_ALL = request -> CompletableFuture.completedFuture(Decision.allow());
    /** No one can be asked on this surface. */
    ApprovalGate UNATTENDED = request -> CompletableFuture.completedFuture(Decision.deny(
            "it needs a human's approval, and no one can be asked for it here (approve such commands from a chat)"));

    /** The future completes with the decision; it may already be complete (then no one was asked). */
    CompletableFuture<Decision> ask(ApprovalRequest request);

    /** What the loop asks about: one tool call and why it needs approval. */
    record ApprovalRequest(String requestId, String runId, String sessionId, String toolCallId, String toolName,
                           JsonNode arguments, String reason) {
    }

    /** The answer; {@code note} says why a call was denied (shown to the model and the user). */
    record Decision(boolean approved, String note) {
        public static Decision allow() {
            return new Decision(true, "approved");
        }

        public static Decision deny(String note) {
            return new Decision(false, note);
        }
    }
}
