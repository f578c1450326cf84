package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.store.StoreStep;

/**
 * How a surface starts a run for a text in a session (with its own renderer and tools); used by the busy guard.
 * {@code alongside} commits with the stored text (see {@link ChatInput#alongside()}).
 */
@FunctionalInterface
public interface RunLauncher {
    ActiveRun launch(String sessionId, String text, ChatInput.Steering steering, StoreStep alongside) throws SessionBusyException;
}
