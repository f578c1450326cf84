package dev.hinksbot.gateway.channels.telegram;

import java.util.regex.Pattern;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code telegramPollStrategy}, the Telegram consumer's poll strategy and exception handler: a failed {@code getUpdates} is logged as one line
 * with the bot token masked (camel-telegram's own message holds the full Bot API URL, token included, and the
 * default strategy logs it with a stack trace on every failed poll). The next poll tries again.
 */
public final class TelegramPollStrategy implements PollingConsumerPollStrategy, ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.telegram");
    private static final Pattern TOKEN_IN_URL = Pattern.compile("/bot[^/\\s]+/");

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do
    }

    /** No retry within the poll; Camel hands the failure to {@link #handleException} (this bean again). */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        LOG.warn("Telegram getUpdates failed, trying again at the next poll: {}", redact(exception));
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        handleException(exception);
    }

    /** The cause chain's messages with any {@code /bot<token>/} masked. */
    public static String redact(Throwable cause) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(TOKEN_IN_URL.matcher(t.getMessage()).replaceAll("/bot***/"));
            }
        }
        return b.toString();
    }
}
