package dev.hinksbot.gateway.delivery;

import java.util.Map;

/** The headers of {@code direct:deliver} (routes/delivery.yaml) and of the send routes, and the platforms' message size limits. */
public final class DeliveryHeaders {
    /** The targets: origin, local, all, telegram, telegram:<chat>[:<thread>], slack:<channel>, mail:<address>, comma-separated. */
    public static final String DELIVER_TO = "HinksbotDeliverTo";
    /** Where the request came from ({@code platform:chat[:thread]}), the target {@code origin} stands for. */
    public static final String ORIGIN = "HinksbotOrigin";
    /** JSON with platform extras for the origin (a mail's reply subject and threading headers). */
    public static final String META = "HinksbotMeta";
    /** The send routes' ({@code direct:send-<platform>}) headers: the outbox row's chat, thread and part (1 = first). */
    public static final String CHAT_ID = "HinksbotChatId";
    public static final String THREAD_ID = "HinksbotThreadId";
    public static final String PART = "HinksbotPart";
    /** The files {@code local} deliveries were saved to. */
    public static final String SAVED_FILES = "HinksbotSavedFiles";
    /** Characters per message: Telegram rejects more than 4096; Slack advises at most 4000 (it truncates at 40,000). */
    public static final Map<String, Integer> LIMITS = Map.of("telegram", 4096, "slack", 4000, "mail", 1_000_000);

    private DeliveryHeaders() {
    }
}
