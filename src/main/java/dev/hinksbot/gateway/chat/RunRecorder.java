package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.TokenCounter;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.RunRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecution;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists a run as it happens: the text of each answer while it streams (checkpoints, see {@link StreamCheckpoints}),
 * each assistant message when final (complete, or partial and marked cancelled/failed/interrupted) and each tool
 * result with its execution record, before the next model turn starts; and how the run ended. Logs one line per run.
 * A run cancelled because the gateway is stopping ended {@code interrupted}, not {@code cancelled}: nobody asked to
 * stop it, and its chat is told so it can /retry (see {@link RunRecovery}).
 */
final class RunRecorder implements AgentEventListener {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.runs");

    private final MessageRepository messages;
    private final ToolExecutionRepository executions;
    private final RunRepository runs;
    private final StreamCheckpoints checkpoints;
    private final BooleanSupplier stopping;

    RunRecorder(MessageRepository messages, ToolExecutionRepository executions, RunRepository runs,
                StreamCheckpoints checkpoints, BooleanSupplier stopping) {
        this.messages = messages;
        this.executions = executions;
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.stopping = stopping;
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.AssistantDelta e) {
            checkpoints.content(e.messageId(), e.sessionId(), e.runId(), e.delta());
        } else if (event instanceof AgentEvent.ReasoningDelta e) {
            checkpoints.reasoning(e.messageId(), e.sessionId(), e.runId(), e.delta());
        } else if (event instanceof AgentEvent.AssistantCompleted e) {
            int tokens = e.usage().completionTokens() > 0 ? e.usage().completionTokens()
                    : TokenCounter.ESTIMATE.count(ChatMessage.assistant(e.content(), e.toolCalls()));
            checkpoints.done(e.messageId());
            String status = StoredMessage.CANCELLED.equals(e.status()) && stopping.getAsBoolean()
                    ? StoredMessage.INTERRUPTED : e.status();
            messages.finish(new StoredMessage(e.messageId(), e.sessionId(), e.runId(), "assistant", e.content(),
                    emptyToNull(e.reasoning()), HistoryMapper.toolCallsJson(e.toolCalls()), null, null, status, tokens,
                    e.usage().promptTokens(), e.usage().completionTokens(), e.durationMs(), null));
        } else if (event instanceof AgentEvent.ToolCompleted e) {
            StoredMessage stored = messages.append(new StoredMessage(null, e.sessionId(), e.runId(), "tool", e.modelText(),
                    null, null, e.toolCallId(), e.toolName(), "complete",
                    TokenCounter.ESTIMATE.count(ChatMessage.tool(e.toolCallId(), e.toolName(), e.modelText())),
                    null, null, e.durationMs(), null));
            executions.record(new ToolExecution(null, stored.id(), e.sessionId(), e.runId(), e.toolName(), e.argumentsJson(),
                    e.output(), e.success(), e.error(), e.durationMs(), null));
        } else if (event instanceof AgentEvent.RunCompleted e) {
            runs.end(e.runId(), RunRepository.COMPLETED);
            LOG.info("run {} session={} status=completed stop={} turns={} duration_ms={} prompt_tokens={} completion_tokens={}",
                    e.runId(), e.sessionId(), e.stopReason(), e.turns(), e.durationMs(), e.usage().promptTokens(), e.usage().completionTokens());
        } else if (event instanceof AgentEvent.RunCancelled e) {
            if (stopping.getAsBoolean()) {
                runs.interrupt(e.runId());
                LOG.info("run {} session={} status=interrupted (the gateway is stopping) turns={} duration_ms={}",
                        e.runId(), e.sessionId(), e.turns(), e.durationMs());
                return;
            }
            runs.end(e.runId(), RunRepository.CANCELLED);
            LOG.info("run {} session={} status=cancelled turns={} duration_ms={} prompt_tokens={} completion_tokens={}",
                    e.runId(), e.sessionId(), e.turns(), e.durationMs(), e.usage().promptTokens(), e.usage().completionTokens());
        } else if (event instanceof AgentEvent.RunFailed e) {
            runs.end(e.runId(), RunRepository.FAILED);
            LOG.warn("run {} session={} status=failed code={} turns={} duration_ms={} message=\"{}\"",
                    e.runId(), e.sessionId(), e.code(), e.turns(), e.durationMs(), e.message());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
