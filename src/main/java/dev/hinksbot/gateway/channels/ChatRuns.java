package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.config.ChannelsConfig;
import java.util.Map;

/**
 * How a chat platform message is answered: replies go back where the message came from through the delivery path,
 * and runs started for it show the platform's typing indicator and tool progress and deliver their answer there.
 */
public final class ChatRuns {
    private final ChatService chat;
    private final Outbound outbound;
    private final ChannelsConfig config;
    private final Map<String, TypingIndicator> typing;

    public ChatRuns(ChatService chat, Outbound outbound, ChannelsConfig config, Map<String, TypingIndicator> typing) {
        this.chat = chat;
        this.outbound = outbound;
        this.config = config;
        this.typing = Map.copyOf(typing);
    }

    /** Sends short texts (notices, command answers) to the chat {@code m} came from. */
    public Replier replier(InboundMessage m) {
        return text -> outbound.deliver(text, "origin", m);
    }

    /**
     * Starts runs that answer {@code m}'s chat. The run keeps {@code m} as its origin, where a restart notice goes if
     * the gateway stops while it runs.
     */
    public RunLauncher launcher(InboundMessage m) {
        Replier replier = replier(m);
        String origin = m.toJson();
        return (sessionId, prompt, steering, alongside) -> chat.start(
                new ChatInput(sessionId, prompt, null, null, steering, origin, alongside),
                new PlatformRenderer(m, replier, config.platform(m.platform()).toolProgress(),
                        typing.getOrDefault(m.platform(), TypingIndicator.NONE), false), null);
    }

    public ChannelsConfig.Platform platform(InboundMessage m) {
        return config.platform(m.platform());
    }
}
