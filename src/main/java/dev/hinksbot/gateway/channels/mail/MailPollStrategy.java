package dev.hinksbot.gateway.channels.mail;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code mailPollStrategy}, the IMAP consumer's poll strategy and exception handler: a failed poll (server
 * down, login refused) is logged as one line per poll instead of Camel's default stack trace every
 * {@code poll-delay}; the next poll tries again. Only exception classes and messages are logged (JavaMail's never
 * hold the password, which lives on the component anyway).
 */
public final class MailPollStrategy implements PollingConsumerPollStrategy, ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.mail");

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
        LOG.warn("IMAP poll failed, trying again at the next poll: {}", describe(exception));
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        handleException(exception);
    }

    static String describe(Throwable cause) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = cause; t != null && b.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage().replaceAll("\\s+", " ").strip());
            }
        }
        return b.toString();
    }
}
