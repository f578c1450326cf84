package dev.hinksbot.gateway.delivery;

import dev.hinksbot.gateway.store.OutboxRepository;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Sends an outbox row through the platform's send route ({@code direct:send-<platform>} in its YAML file): the
 * route turns the row into the component's message and calls the real Camel producer. The platform's answer is
 * read by {@code ack} (its message id); failures are classified by {@code errors} (retry-after, permanent).
 */
public final class CamelPlatformSender implements PlatformSender {
    public static final String CHAT_ID = "HinksbotChatId";
    public static final String THREAD_ID = "HinksbotThreadId";

    /** Reads the acknowledgement from the exchange after the producer ran; throws if the platform said no. */
    @FunctionalInterface
    public interface AckReader {
        String ack(Exchange exchange) throws DeliveryException;
    }

    private final String endpoint;
    private final AckReader ack;
    private final Function<Throwable, DeliveryException> errors;
    private final LazyProducerTemplate template;

    public CamelPlatformSender(String platform, Supplier<CamelContext> context, AckReader ack,
                               Function<Throwable, DeliveryException> errors) {
        this.endpoint = "direct:send-" + platform;
        this.template = new LazyProducerTemplate(context);
        this.ack = ack;
        this.errors = errors;
    }

    @Override
    public String send(OutboxRepository.Row row) throws DeliveryException {
        Exchange result = template.get().send(endpoint, exchange -> {
            exchange.getIn().setBody(row.text());
            exchange.getIn().setHeader(CHAT_ID, row.chatId());
            exchange.getIn().setHeader(THREAD_ID, row.threadId());
            exchange.getIn().setHeader(Deliverer.META, row.meta());
        });
        // The routes' shared onException (routes/errors.yaml) handles every failure, which clears the exception:
        // the caught one is still the platform's answer and must decide retry or not.
        Throwable failure = result.getException() != null ? result.getException()
                : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            throw errors.apply(failure);
        }
        return ack.ack(result);
    }
}
