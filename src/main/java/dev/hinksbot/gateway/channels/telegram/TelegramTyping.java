package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.channels.TypingIndicator;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "typing…" in a Telegram chat while the agent works: {@code sendChatAction} every 4 seconds (Telegram shows it for
 * 5) until the run ends. camel-telegram has no chat actions, so this one call is made directly. Best effort: a
 * failure is logged (never with the URL, which holds the token) and ignored.
 */
public final class TelegramTyping implements TypingIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramTyping.class);
    private static final long EVERY_MS = 4_000;

    private final String apiUrl;
    private final String token;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TelegramTyping(String apiUrl, String token, ScheduledExecutorService scheduler) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
        this.token = token;
        this.scheduler = scheduler;
    }

    @Override
    public AutoCloseable start(InboundMessage origin) {
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> send(origin.chatId(), origin.threadId()), 0, EVERY_MS, TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    private void send(String chatId, String threadId) {
        var json = Json.object().put("chat_id", chatId).put("action", "typing");
        if (threadId != null && threadId.matches("\\d{1,18}")) {
            json.put("message_thread_id", Long.parseLong(threadId)); // typing shows in the forum topic
        }
        String body = Json.write(json);
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/bot" + token + "/sendChatAction"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.debug("sendChatAction answered HTTP {}", response.statusCode());
            }
        } catch (java.io.IOException e) {
            LOG.debug("sendChatAction failed: {}", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
