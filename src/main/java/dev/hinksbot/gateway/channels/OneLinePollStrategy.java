package dev.hinksbot.gateway.channels;

import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polling channel consumer's poll strategy and exception handler (beans {@code telegramPollStrategy},
 * {@code mailPollStrategy}): a failed poll (server down, login refused, rate limited) is logged as one line, with
 * {@code redact} applied to every message, instead of Camel's default stack trace on every poll; the next poll
 * tries again. {@code mayPoll} is asked before each poll: false skips it (another gateway holds the account's
 * {@link PollerLeases lease}), so the consumer does not even connect.
 */
public final class OneLinePollStrategy implements PollingConsumerPollStrategy, ExceptionHandler {
    private static final int MAX_CHARS = 1000;

    private final Logger log;
    private final String what;
    private final UnaryOperator<String> redact;
    private final BooleanSupplier mayPoll;

    /** {@code what} names the poll in the log line, e.g. "Telegram getUpdates". */
    public OneLinePollStrategy(String logger, String what, UnaryOperator<String> redact) {
        this(logger, what, redact, () -> true);
    }

    public OneLinePollStrategy(String logger, String what, UnaryOperator<String> redact, BooleanSupplier mayPoll) {
        this.log = LoggerFactory.getLogger(logger);
        this.what = what;
        this.redact = redact;
        this.mayPoll = mayPoll;
    }

    /** A failure here (the database) fails the poll like any other: one line, and the next poll asks again. */
    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return mayPoll.getAsBoolean();
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
        log.warn("{} failed, trying again at the next poll: {}", what, describe(exception));
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(exception);
    }

    /** With an exchange, one message failed (not the poll): {@code message} says which and what happens next. */
    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange == null || message == null) {
            handleException(exception);
        } else {
            log.warn("{}: {}", redact.apply(message), describe(exception));
        }
    }

    /** The cause chain: class names and redacted messages on one line. */
    public String describe(Throwable cause) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = cause; t != null && b.length() < MAX_CHARS; t = t.getCause() == t ? null : t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(redact.apply(t.getMessage().replaceAll("\\s+", " ").strip()));
            }
        }
        return b.toString();
    }
}
