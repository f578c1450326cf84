package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.Map;

/**
 * Chats that show an answer while it is written (Telegram: a draft message, edited as the text grows). The draft is
 * only a preview: the final answer still goes through the outbox, and replaces the draft there (see
 * {@link Draft#finish()}), so it is delivered exactly once whatever happens to the draft.
 */
@FunctionalInterface
public interface AnswerStreams {
    AnswerStreams NONE = origin -> null;

    /** A draft for a run answering {@code origin}, or null when this chat does not stream. */
    Draft open(InboundMessage origin);

    interface Draft {
        /** The answer so far (cheap: the draft decides when to send). */
        void show(String soFar);

        /**
         * Stops the draft, waiting for a send in flight, so nothing touches it afterwards. Returns the meta the final
         * answer is delivered with so that it replaces the draft (empty when no draft was sent).
         */
        Map<String, String> finish();
    }
}
