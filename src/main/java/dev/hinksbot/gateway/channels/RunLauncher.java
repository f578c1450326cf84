package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.SessionBusyException;

/** How a surface starts a run for a text in a session (with its own renderer and tools); used by the busy guard. */
@FunctionalInterface
public interface RunLauncher {
    ActiveRun launch(String sessionId, String text, ChatInput.Steering steering) throws SessionBusyException;
}
