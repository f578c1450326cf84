package dev.hinksbot.gateway.channels.hooks;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.channels.Hooks;
import java.util.Map;

/** Turns every run's events into hooks: {@code agent:start}, {@code agent:step} (each tool-calling turn), {@code agent:end}. */
public final class AgentHooks implements AgentEventListener {
    private final Hooks hooks;

    public AgentHooks(Hooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.RunStarted e) {
            hooks.publish("agent:start", Map.of("session_id", e.sessionId(), "run_id", e.runId()));
        } else if (event instanceof AgentEvent.TurnStarted e && e.turn() > 1) {
            hooks.publish("agent:step", Map.of("session_id", e.sessionId(), "run_id", e.runId(), "turn", e.turn()));
        } else if (event instanceof AgentEvent.RunCompleted e) {
            hooks.publish("agent:end", Map.of("session_id", e.sessionId(), "run_id", e.runId(), "status", "completed",
                    "stop_reason", e.stopReason(), "turns", e.turns()));
        } else if (event instanceof AgentEvent.RunFailed e) {
            hooks.publish("agent:end", Map.of("session_id", e.sessionId(), "run_id", e.runId(), "status", "failed", "code", e.code()));
        } else if (event instanceof AgentEvent.RunCancelled e) {
            hooks.publish("agent:end", Map.of("session_id", e.sessionId(), "run_id", e.runId(), "status", "cancelled"));
        }
    }
}
