package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.common.Json;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own username, for mentions and {@code /command@bot} in groups: {@code gateway.telegram.bot-username}
 * when set (an override), otherwise what {@code getMe} says (asked at start, and again at most every 30 s while it
 * fails). Lower case, without the {@code @}.
 */
public final class TelegramIdentity {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.telegram");
    private static final long RETRY_MS = 30_000;

    private final TelegramBotApi api;
    private final String override;
    private volatile String loaded;
    private volatile long lastTry;

    public TelegramIdentity(TelegramBotApi api, String override) {
        this.api = api;
        this.override = normalize(override);
    }

    public String username() {
        if (!override.isEmpty()) {
            return override;
        }
        String name = loaded;
        if (name == null && System.currentTimeMillis() - lastTry > RETRY_MS) {
            name = load();
        }
        return name == null ? "" : name;
    }

    /** Asks getMe once; returns the username or null. */
    public synchronized String load() {
        if (!override.isEmpty() || loaded != null) {
            return override.isEmpty() ? loaded : override;
        }
        lastTry = System.currentTimeMillis();
        try {
            String name = normalize(api.call("getMe", Json.object(), Duration.ofSeconds(10)).path("username").asText(""));
            if (!name.isEmpty()) {
                loaded = name;
                LOG.info("Telegram bot is @{}", name);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Telegram getMe failed ({}); mentions of the bot are not recognised until it answers", e.getMessage());
        }
        return loaded;
    }

    private static String normalize(String name) {
        return name == null ? "" : name.strip().replaceFirst("^@", "").toLowerCase(Locale.ROOT);
    }
}
