package dev.hinksbot.gateway.channels.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import java.util.function.Consumer;

/**
 * Renders one run's events as WebSocket frames, keeping the seed protocol's promise that `stream_start.message_id`
 * equals `stream_end.message_id` (the seed's clients pair the two by it). The answer's id is its first model turn's
 * message id, only known when that turn starts, so `stream_start` is held until then (the loop emits both at once).
 * `stream_end` carries the same id and, as `last_message_id`, the message of the run's last turn (the bubble that
 * ends a tool-using answer).
 */
final class WsRunRenderer implements AgentEventListener {
    private final Consumer<ObjectNode> send;
    private ObjectNode pendingStart;
    private String answerId;

    WsRunRenderer(Consumer<ObjectNode> send) {
        this.send = send;
    }

    @Override
    public String surface() {
        return "websocket";
    }

    @Override
    public synchronized void on(AgentEvent event) {
        ObjectNode frame = WsFrames.frame(event).orElse(null);
        if (event instanceof AgentEvent.RunStarted) {
            pendingStart = frame;
            return;
        }
        if (event instanceof AgentEvent.TurnStarted t && answerId == null) {
            startWith(t.messageId());
        }
        if (event instanceof AgentEvent.RunFailed failed) {
            startWith(failed.messageId());
            send.accept(frame);
            send.accept(end(WsFrames.failedEndFrame(failed)));
            return;
        }
        if (frame != null && "stream_end".equals(frame.path("type").asText())) {
            startWith(frame.path("message_id").asText(null));
            frame = end(frame);
        }
        if (frame != null) {
            send.accept(frame);
        }
    }

    /** Sends the held `stream_start` with the answer's id (once). */
    private void startWith(String messageId) {
        if (answerId != null) {
            return;
        }
        answerId = messageId;
        if (pendingStart != null) {
            send.accept(pendingStart.put("message_id", messageId));
            pendingStart = null;
        }
    }

    private ObjectNode end(ObjectNode frame) {
        String last = frame.path("message_id").asText(null);
        frame.put("message_id", answerId).put("last_message_id", last);
        return frame;
    }
}
