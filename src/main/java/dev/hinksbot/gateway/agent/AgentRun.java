package dev.hinksbot.gateway.agent;

import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.util.List;

/**
 * Everything one run needs. {@code history} is the stored conversation, oldest first, ending with the new user
 * message. {@code clientTools} are tools the client declared and runs itself; their results come back
 * through {@code clientBridge}. {@code maxAnswerTokens} caps each answer (null: whatever the context leaves).
 * {@code approvals} decides the tool calls that need a human's approval. {@code params} are the client's sampling
 * and format parameters, sent with every model turn.
 */
public record AgentRun(String runId, String sessionId, String userMessageId, String model, String systemPrompt,
                       List<ChatMessage> history, List<Tool> tools, List<ToolSpec> clientTools,
                       ClientToolBridge clientBridge, int maxTurns, CancelSignal cancel, Integer maxAnswerTokens,
                       Steering steering, ApprovalGate approvals, ModelParams params) {
    /**
     * Messages the user sent while the run was working, folded in before the next model turn ("steer").
     * {@link #drain} returns what arrived since the last call (usually nothing).
     */
    @FunctionalInterface
    public interface Steering {
        Steering NONE = List::of;

        List<ChatMessage> drain();
    }

    public AgentRun(String runId, String sessionId, String userMessageId, String model, String systemPrompt,
                    List<ChatMessage> history, List<Tool> tools, List<ToolSpec> clientTools,
                    ClientToolBridge clientBridge, int maxTurns, CancelSignal cancel, Integer maxAnswerTokens,
                    Steering steering, ApprovalGate approvals) {
        this(runId, sessionId, userMessageId, model, systemPrompt, history, tools, clientTools, clientBridge, maxTurns,
                cancel, maxAnswerTokens, steering, approvals, ModelParams.NONE);
    }

    public AgentRun(String runId, String sessionId, String userMessageId, String model, String systemPrompt,
                    List<ChatMessage> history, List<Tool> tools, List<ToolSpec> clientTools,
                    ClientToolBridge clientBridge, int maxTurns, CancelSignal cancel) {
        this(runId, sessionId, userMessageId, model, systemPrompt, history, tools, clientTools, clientBridge, maxTurns,
                cancel, null, Steering.NONE, ApprovalGate.UNATTENDED);
    }

    public AgentRun {
        steering = steering == null ? Steering.NONE : steering;
        approvals = approvals == null ? ApprovalGate.UNATTENDED : approvals;
        params = params == null ? ModelParams.NONE : params;
        history = List.copyOf(history);
        tools = List.copyOf(tools);
        clientTools = clientTools == null ? List.of() : List.copyOf(clientTools);
        clientBridge = clientBridge == null ? ClientToolBridge.NONE : clientBridge;
        if (maxAnswerTokens != null && maxAnswerTokens < 1) {
            throw new IllegalArgumentException("maxAnswerTokens must be at least 1");
        }
        if (maxTurns < 1) {
            throw new IllegalArgumentException("maxTurns must be at least 1");
        }
    }
}
