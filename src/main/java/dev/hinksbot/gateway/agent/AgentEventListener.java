package dev.hinksbot.gateway.agent;

/** Receives a run's events on the run's thread, in order. Listeners must not block for long. */
@FunctionalInterface
public interface AgentEventListener {
    void on(AgentEvent event);

    /** The surface that renders the run (websocket, telegram, openai, cron …), a label for metrics; "other" when unnamed. */
    default String surface() {
        return "other";
    }

    /** {@code listener} named as {@code surface}. */
    static AgentEventListener named(String surface, AgentEventListener listener) {
        return new AgentEventListener() {
            @Override
            public void on(AgentEvent event) {
                listener.on(event);
            }

            @Override
            public String surface() {
                return surface;
            }
        };
    }
}
