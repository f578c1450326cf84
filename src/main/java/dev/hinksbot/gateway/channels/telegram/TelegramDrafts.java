package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.channels.ThrottledDrafts;
import dev.hinksbot.gateway.chat.InboundMessage;
import java.time.Duration;
import java.util.Map;

/**
 * Telegram's drafts: {@code sendMessage}, then {@code editMessageText} (Telegram allows about one edit a second per
 * chat; a 429 names its {@code retry_after}). The final answer replaces the draft by {@link TelegramOutbound#META_EDIT}.
 */
public final class TelegramDrafts implements ThrottledDrafts.Sink {
    /** A draft shows at most this much (Telegram's limit is 4,096 characters); the final answer is split instead. */
    static final int PREVIEW_CHARS = 4000;

    private final TelegramOutbound telegram;

    public TelegramDrafts(TelegramOutbound telegram) {
        this.telegram = telegram;
    }

    @Override
    public String preview(String soFar) {
        return (soFar.length() > PREVIEW_CHARS ? soFar.substring(0, PREVIEW_CHARS) : soFar) + " …";
    }

    @Override
    public String post(InboundMessage origin, String preview) throws Exception {
        return telegram.send(origin.chatId(), origin.threadId(), preview);
    }

    @Override
    public void edit(InboundMessage origin, String id, String preview) throws Exception {
        try {
            telegram.editText(origin.chatId(), id, preview);
        } catch (TelegramBotApi.Failure e) {
            if (!e.notModified()) {
                throw e;
            }
        }
    }

    @Override
    public Duration pauseFor(Exception failure) {
        return failure instanceof TelegramBotApi.Failure f && f.status() == 429
                ? Duration.ofSeconds(Math.max(1, f.retryAfterSeconds())) : null;
    }

    @Override
    public Map<String, String> replaces(String id) {
        return Map.of(TelegramOutbound.META_EDIT, id);
    }
}
