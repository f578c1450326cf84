package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
/** Shows "typing…" in a chat while the agent works; the returned handle stops it. */
@FunctionalInterface
public interface TypingIndicator {
    TypingIndicator NONE = origin -> () -> { };

    AutoCloseable start(InboundMessage origin);
}
