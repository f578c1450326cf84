package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.chat.Outbound;
import dev.hinksbot.gateway.config.ChannelsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a chat platform message is answered: replies go back where the message came from through the delivery path,
 * and runs started for it show the platform's typing indicator, tool progress and (where the chat streams) a draft of
 * the answer, and deliver their answer there. Images the message brought go to the model with it.
 */
public final class ChatRuns {
    private final ChatService chat;
    private final Outbound outbound;
    private final ChannelsConfig config;
    private final Map<String, TypingIndicator> typing;
    private final Map<String, AnswerStreams> streams;
    private final Function<String, String> imageUrl;

    /**
     * {@code streams}: the platforms that show answers while they are written; {@code imageUrl}: a saved upload's
     * path as a data URL for the model (null when it is not an image it can have).
     */
    public ChatRuns(ChatService chat, Outbound outbound, ChannelsConfig config, Map<String, TypingIndicator> typing,
                    Map<String, AnswerStreams> streams, Function<String, String> imageUrl) {
        this.chat = chat;
        this.outbound = outbound;
        this.config = config;
        this.typing = Map.copyOf(typing);
        this.streams = Map.copyOf(streams);
        this.imageUrl = imageUrl;
    }

    /** Sends short texts (notices, command answers) to the chat {@code m} came from. */
    public Replier replier(InboundMessage m) {
        return text -> outbound.deliver(text, "origin", m);
    }

    /**
     * Starts runs that answer {@code m}'s chat. The run keeps {@code m} as its origin, where a restart notice goes if
     * the gateway stops while it runs. The final answer replaces the run's draft, if one was shown (its meta says which).
     */
    public RunLauncher launcher(InboundMessage m) {
        Replier replier = replier(m);
        String origin = m.toJson();
        AnswerStreams stream = streams.getOrDefault(m.platform(), AnswerStreams.NONE);
        return (sessionId, prompt, steering, alongside) -> chat.start(
                new ChatInput(sessionId, prompt, null, null, steering, origin, alongside, images(m)),
                new PlatformRenderer(m, replier, config.platform(m.platform()).toolProgress(),
                        typing.getOrDefault(m.platform(), TypingIndicator.NONE), false, stream.open(m),
                        (text, meta) -> outbound.deliver(text, "origin", meta.isEmpty() ? m : m.withMeta(meta))), null);
    }

    public ChannelsConfig.Platform platform(InboundMessage m) {
        return config.platform(m.platform());
    }

    /** The images a message brought (saved uploads named in its meta), as data URLs for the model. */
    private List<String> images(InboundMessage m) {
        String paths = m.meta().get(Attachments.META_IMAGES);
        if (paths == null || paths.isBlank()) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        for (String path : paths.split("\n")) {
            String url = imageUrl.apply(path.strip());
            if (url != null) {
                urls.add(url);
            }
        }
        return urls;
    }
}
