package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.ToolCall;
import dev.hinksbot.gateway.agent.Usage;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.RequestTracker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run produced, gathered from its events for the OpenAI renderers: the assistant messages, the calls left
 * for the caller, usage, and how it ended. Model and tool time is reported to the request's overhead clock.
 */
final class RunTranscript implements AgentEventListener {
    private final RequestTracker.Timing timing;
    private final List<AgentEvent.AssistantCompleted> assistant = new ArrayList<>();
    private final Set<String> ranToolCalls = new HashSet<>();
    private volatile AgentEvent end;

    RunTranscript(RequestTracker.Timing timing) {
        this.timing = timing;
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.AssistantCompleted e) {
            assistant.add(e);
            timing.addUpstream(e.durationMs() * 1_000_000L);
        } else if (event instanceof AgentEvent.ToolCompleted e) {
            ranToolCalls.add(e.toolCallId());
            timing.addUpstream(e.durationMs() * 1_000_000L);
        } else if (event instanceof AgentEvent.RunCompleted || event instanceof AgentEvent.RunCancelled
                || event instanceof AgentEvent.RunFailed) {
            end = event;
        }
    }

    List<AgentEvent.AssistantCompleted> assistantMessages() {
        return assistant;
    }

    /** The final answer's text (the last assistant message). */
    String finalText() {
        return assistant.isEmpty() || assistant.get(assistant.size() - 1).content() == null ? ""
                : assistant.get(assistant.size() - 1).content();
    }

    /** Calls of the last assistant message that the gateway did not run: the caller's to run. */
    List<ToolCall> callerToolCalls() {
        if (!(end instanceof AgentEvent.RunCompleted c) || !"tool_calls".equals(c.stopReason()) || assistant.isEmpty()) {
            return List.of();
        }
        return assistant.get(assistant.size() - 1).toolCalls().stream().filter(call -> !ranToolCalls.contains(call.id())).toList();
    }

    Usage usage() {
        if (end instanceof AgentEvent.RunCompleted e) {
            return e.usage();
        } else if (end instanceof AgentEvent.RunCancelled e) {
            return e.usage();
        } else if (end instanceof AgentEvent.RunFailed e) {
            return e.usage();
        }
        return Usage.NONE;
    }

    /** OpenAI's finish_reason: stop, length, tool_calls. */
    String finishReason() {
        if (end instanceof AgentEvent.RunCompleted c) {
            return switch (c.stopReason()) {
                case "tool_calls" -> "tool_calls";
                case "length", "max_turns" -> "length";
                default -> "stop";
            };
        }
        return "stop";
    }

    AgentEvent.RunFailed failure() {
        return end instanceof AgentEvent.RunFailed f ? f : null;
    }

    boolean cancelled() {
        return end instanceof AgentEvent.RunCancelled;
    }

    /** A failed run as an HTTP error: llama-server down or loading → 503, too slow → 504, other upstream faults → 502. */
    static ApiException asHttpError(AgentEvent.RunFailed f) {
        int status = switch (f.code()) {
            case "model_unavailable", "model_loading" -> 503;
            case "model_timeout" -> 504;
            // llama-server refused what the client asked for (an image without a vision model, a bad schema): the
            // client must change the request, so it is a 400 with llama-server's reason, not a gateway fault
            case "context_exceeded", "model_bad_request" -> 400;
            case "internal_error" -> 500;
            default -> 502;
        };
        return new ApiException(status, f.code(), f.message());
    }
}
