package dev.hinksbot.gateway.agent;

/** Receives a run's events on the run's thread, in order. Listeners must not block for long. */
@FunctionalInterface
public interface AgentEventListener {
    void on(AgentEvent event);
}
