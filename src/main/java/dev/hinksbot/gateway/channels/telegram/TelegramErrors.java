package dev.hinksbot.gateway.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.delivery.DeliveryException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a failed Bot API call (the gateway's own {@link TelegramBotApi.Failure}, or camel-telegram's). camel-telegram reports a non-2xx answer as "{url} responded: {status}{body}";
 * the URL holds the bot token, so only the status and the API's own description are kept. 429 honours
 * {@code parameters.retry_after}; other 4xx are permanent (chat not found, bot blocked); 5xx and I/O errors retry.
 */
public final class TelegramErrors {
    private static final Pattern RESPONDED = Pattern.compile("responded: (\\d{3})([\\s\\S]*)$");

    private TelegramErrors() {
    }

    public static DeliveryException classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TelegramBotApi.Failure f) {
                if (f.status() == 0) {
                    break;
                }
                if (f.status() == 429) {
                    return new DeliveryException(f.getMessage(), f.retryAfterSeconds() > 0 ? Duration.ofSeconds(f.retryAfterSeconds()) : null, false);
                }
                return new DeliveryException(f.getMessage(), null, f.status() >= 400 && f.status() < 500);
            }
            String message = t.getMessage();
            Matcher m = message == null ? null : RESPONDED.matcher(message);
            if (m != null && m.find()) {
                int status = Integer.parseInt(m.group(1));
                JsonNode body = parse(m.group(2));
                String description = body.path("description").asText("");
                String text = "Telegram answered HTTP " + status + (description.isEmpty() ? "" : ": " + description);
                if (status == 429) {
                    long retry = body.path("parameters").path("retry_after").asLong(0);
                    return new DeliveryException(text, retry > 0 ? Duration.ofSeconds(retry) : null, false);
                }
                return new DeliveryException(text, null, status >= 400 && status < 500);
            }
        }
        return new DeliveryException("Telegram could not be reached: " + error.getClass().getSimpleName(), null, false);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.parse(body.strip());
            return node == null ? Json.object() : node;
        } catch (Exception e) {
            return Json.object();
        }
    }
}
