package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.TokenCounter;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecution;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists a run as it happens: each assistant message (complete, or partial and marked cancelled/failed) and
 * each tool result with its execution record, before the next model turn starts. Logs one line per run.
 */
final class RunRecorder implements AgentEventListener {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.runs");

    private final MessageRepository messages;
    private final ToolExecutionRepository executions;

    RunRecorder(MessageRepository messages, ToolExecutionRepository executions) {
        this.messages = messages;
        this.executions = executions;
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.AssistantCompleted e) {
            int tokens = e.usage().completionTokens() > 0 ? e.usage().completionTokens()
                    : TokenCounter.ESTIMATE.count(ChatMessage.assistant(e.content(), e.toolCalls()));
            messages.append(new StoredMessage(e.messageId(), e.sessionId(), e.runId(), "assistant", e.content(),
                    emptyToNull(e.reasoning()), HistoryMapper.toolCallsJson(e.toolCalls()), null, null, e.status(), tokens,
                    e.usage().promptTokens(), e.usage().completionTokens(), e.durationMs(), null));
        } else if (event instanceof AgentEvent.ToolCompleted e) {
            StoredMessage stored = messages.append(new StoredMessage(null, e.sessionId(), e.runId(), "tool", e.modelText(),
                    null, null, e.toolCallId(), e.toolName(), "complete",
                    TokenCounter.ESTIMATE.count(ChatMessage.tool(e.toolCallId(), e.toolName(), e.modelText())),
                    null, null, e.durationMs(), null));
            executions.record(new ToolExecution(null, stored.id(), e.sessionId(), e.runId(), e.toolName(), e.argumentsJson(),
                    e.output(), e.success(), e.error(), e.durationMs(), null));
        } else if (event instanceof AgentEvent.RunCompleted e) {
            LOG.info("run {} session={} status=completed stop={} turns={} duration_ms={} prompt_tokens={} completion_tokens={}",
                    e.runId(), e.sessionId(), e.stopReason(), e.turns(), e.durationMs(), e.usage().promptTokens(), e.usage().completionTokens());
        } else if (event instanceof AgentEvent.RunCancelled e) {
            LOG.info("run {} session={} status=cancelled turns={} duration_ms={} prompt_tokens={} completion_tokens={}",
                    e.runId(), e.sessionId(), e.turns(), e.durationMs(), e.usage().promptTokens(), e.usage().completionTokens());
        } else if (event instanceof AgentEvent.RunFailed e) {
            LOG.warn("run {} session={} status=failed code={} turns={} duration_ms={} message=\"{}\"",
                    e.runId(), e.sessionId(), e.code(), e.turns(), e.durationMs(), e.message());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
