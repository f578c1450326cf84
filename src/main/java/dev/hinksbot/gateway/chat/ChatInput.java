package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.store.StoreStep;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.util.List;

/**
 * One user message for a session. {@code toolOptions} null means "the session's, else the defaults";
 * {@code clientTools} are tools the client runs itself. {@code content} null asks for a new answer to the
 * session's last user message instead (retry). {@code origin} is where the answer goes, opaque to the chat service
 * (a chat platform message as JSON; null for the WebSocket): it is kept with the run, so that a run cut off by a
 * restart can be followed by a notice to the same chat. {@code images} are image URLs (data URLs) sent to the model
 * with this message only (the store keeps its text). {@code alongside} is store work that commits with the stored
 * user message (a platform message's inbound key, the waiting rows it leaves): stored together or not at all.
 */
public record ChatInput(String sessionId, String content, List<String> toolOptions, List<ToolSpec> clientTools,
                        Steering steering, String origin, StoreStep alongside, List<String> images) {
    /** Texts the user sent during the run, to fold in before the next model turn; each call returns the new ones. */
    @FunctionalInterface
    public interface Steering {
        Steering NONE = List::of;

        List<String> drain();
    }

    public ChatInput(String sessionId, String content, List<String> toolOptions, List<ToolSpec> clientTools) {
        this(sessionId, content, toolOptions, clientTools, Steering.NONE);
    }

    public ChatInput(String sessionId, String content, List<String> toolOptions, List<ToolSpec> clientTools,
                     Steering steering) {
        this(sessionId, content, toolOptions, clientTools, steering, null, StoreStep.NONE);
    }

    public ChatInput(String sessionId, String content, List<String> toolOptions, List<ToolSpec> clientTools,
                     Steering steering, String origin, StoreStep alongside) {
        this(sessionId, content, toolOptions, clientTools, steering, origin, alongside, List.of());
    }

    public ChatInput {
        images = images == null ? List.of() : List.copyOf(images);
        steering = steering == null ? Steering.NONE : steering;
        alongside = alongside == null ? StoreStep.NONE : alongside;
        toolOptions = toolOptions == null ? null : List.copyOf(toolOptions);
        clientTools = clientTools == null ? List.of() : List.copyOf(clientTools);
    }

    /** Answer the session's last user message again, replacing the answer it had. */
    public static ChatInput retry(String sessionId, List<String> toolOptions, List<ToolSpec> clientTools) {
        return new ChatInput(sessionId, null, toolOptions, clientTools);
    }

    public boolean isRetry() {
        return content == null;
    }
}
