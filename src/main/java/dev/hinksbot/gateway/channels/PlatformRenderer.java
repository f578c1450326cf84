package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a run for a chat platform: a typing indicator while it works, tool progress lines, and the final answer
 * as one message once the run is complete (the delivery path splits it at the platform's limit). Nothing is sent
 * per token, so a long answer can never be delivered twice. A background run's result is prefixed with
 * "✅ Background task complete" or "❌ Background task failed".
 */
public final class PlatformRenderer implements AgentEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformRenderer.class);

    private final InboundMessage origin;
    private final Replier replier;
    private final ToolProgress progress;
    private final TypingIndicator typing;
    private final boolean background;
    private AutoCloseable typingHandle;
    private String answer = "";

    public PlatformRenderer(InboundMessage origin, Replier replier, String toolProgress, TypingIndicator typing, boolean background) {
        this.origin = origin;
        this.replier = replier;
        this.progress = new ToolProgress(background ? "off" : toolProgress);
        this.typing = typing;
        this.background = background;
    }

    @Override
    public String surface() {
        return background ? "background" : origin.platform();
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.RunStarted || event instanceof AgentEvent.TurnStarted) {
            if (typingHandle == null && !background) {
                typingHandle = typing.start(origin);
            }
        } else if (event instanceof AgentEvent.ToolStarted e) {
            progress.line(e).ifPresent(replier::send);
        } else if (event instanceof AgentEvent.ApprovalRequested e) {
            replier.send(ToolProgress.approvalQuestion(e, background));
        } else if (event instanceof AgentEvent.AssistantCompleted e) {
            if (e.content() != null && !e.content().isBlank()) {
                answer = e.content();
            }
        } else if (event instanceof AgentEvent.RunCompleted e) {
            stopTyping();
            String text = answer.isBlank() ? "(no answer)" : answer;
            if ("length".equals(e.stopReason())) {
                text += "\n\n(the answer was cut off at the length limit)";
            } else if ("max_turns".equals(e.stopReason())) {
                text += "\n\n(stopped after the maximum number of steps)";
            }
            replier.send(background ? "✅ Background task complete\n\n" + text : text);
        } else if (event instanceof AgentEvent.RunFailed e) {
            stopTyping();
            replier.send(background ? "❌ Background task failed: " + e.message() : "⚠️ " + e.message());
        } else if (event instanceof AgentEvent.RunCancelled) {
            stopTyping();
            if (background) {
                replier.send("❌ Background task failed: it was cancelled");
            }
        }
    }

    private void stopTyping() {
        if (typingHandle != null) {
            try {
                typingHandle.close();
            } catch (Exception e) {
                LOG.debug("typing indicator did not stop cleanly: {}", e.toString());
            }
            typingHandle = null;
        }
    }
}
