package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.chat.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a run for a chat platform: a typing indicator while it works, tool progress lines, and the final answer
 * as one message once the run is complete (the delivery path splits it at the platform's limit). Where the chat streams
 * ({@link AnswerStreams.Draft}), the text so far is shown as a draft meanwhile; the final answer still goes through
 * the delivery path once, replacing the draft, so a long answer can never be delivered twice. A background run's result is prefixed with
 * "✅ Background task complete" or "❌ Background task failed".
 */
public final class PlatformRenderer implements AgentEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformRenderer.class);

    private final InboundMessage origin;
    private final Replier replier;
    private final ToolProgress progress;
    private final TypingIndicator typing;
    private final boolean background;
    private final AnswerStreams.Draft draft;
    private final FinalReplier finalReplier;
    private final StringBuilder turnText = new StringBuilder();
    private AutoCloseable typingHandle;
    private String answer = "";

    /** Sends the final answer with extra meta for the delivery (the draft it replaces). */
    @FunctionalInterface
    public interface FinalReplier {
        void send(String text, java.util.Map<String, String> meta);
    }

    public PlatformRenderer(InboundMessage origin, Replier replier, String toolProgress, TypingIndicator typing, boolean background) {
        this(origin, replier, toolProgress, typing, background, null, (text, meta) -> replier.send(text));
    }

    /** {@code draft}: where the answer is shown while written (null: nowhere). */
    public PlatformRenderer(InboundMessage origin, Replier replier, String toolProgress, TypingIndicator typing, boolean background,
                            AnswerStreams.Draft draft, FinalReplier finalReplier) {
        this.draft = background ? null : draft;
        this.finalReplier = finalReplier;
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
            if (event instanceof AgentEvent.TurnStarted) {
                turnText.setLength(0); // each model turn writes its text anew; the draft shows the newest
            }
        } else if (event instanceof AgentEvent.AssistantDelta e) {
            if (draft != null && e.delta() != null) {
                turnText.append(e.delta());
                draft.show(turnText.toString());
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
            if (background) {
                replier.send("✅ Background task complete\n\n" + text);
            } else {
                finalReplier.send(text, finishDraft());
            }
        } else if (event instanceof AgentEvent.RunFailed e) {
            stopTyping();
            if (background) {
                replier.send("❌ Background task failed: " + e.message());
            } else {
                finishDraft(); // the draft keeps the partial answer; the error follows it
                replier.send("⚠️ " + e.message());
            }
        } else if (event instanceof AgentEvent.RunCancelled) {
            stopTyping();
            finishDraft(); // the draft keeps the partial answer the user saw
            if (background) {
                replier.send("❌ Background task failed: it was cancelled");
            }
        }
    }

    private java.util.Map<String, String> finishDraft() {
        return draft == null ? java.util.Map.of() : draft.finish();
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
