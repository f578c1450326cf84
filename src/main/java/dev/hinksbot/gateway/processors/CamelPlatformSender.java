package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.delivery.DeliveryException;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import dev.hinksbot.gateway.delivery.PlatformSender;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Sends an outbox row through the platform's send route ({@code direct:send-<platform>} in its YAML file): the
 * route turns the row into the component's message and calls the real Camel producer. The platform's answer is
 * read by {@code ack} (its message id); failures are classified by {@code errors} (retry-after, permanent).
 */
public final class CamelPlatformSender implements PlatformSender {

    /** Reads the acknowledgement from the exchange after the producer ran; throws if the platform said no. */
    @FunctionalInterface
    public interface AckReader {
        String ack(Exchange exchange) throws DeliveryException;
    }

    private final String endpoint;
    private final AckReader ack;
    private final Function<Throwable, DeliveryException> errors;
    private final ProducerTemplate template;
    private final java.util.function.Predicate<OutboxRepository.Row> repeatable;

    public CamelPlatformSender(String platform, ProducerTemplate template, AckReader ack,
                               Function<Throwable, DeliveryException> errors) {
        this(platform, template, ack, errors, row -> false);
    }

    /** {@code repeatable}: rows whose repeat the platform cannot double (see {@link PlatformSender#detectsDuplicates(OutboxRepository.Row)}). */
    public CamelPlatformSender(String platform, ProducerTemplate template, AckReader ack,
                               Function<Throwable, DeliveryException> errors,
                               java.util.function.Predicate<OutboxRepository.Row> repeatable) {
        this.repeatable = repeatable;
        this.endpoint = "direct:send-" + platform;
        this.template = template;
        this.ack = ack;
        this.errors = errors;
    }

    @Override
    public String send(OutboxRepository.Row row) throws DeliveryException {
        Exchange result = template.send(endpoint, exchange -> {
            exchange.getIn().setBody(row.text());
            exchange.getIn().setHeader(DeliveryHeaders.CHAT_ID, row.chatId());
            exchange.getIn().setHeader(DeliveryHeaders.THREAD_ID, row.threadId());
            exchange.getIn().setHeader(DeliveryHeaders.PART, row.part());
            exchange.getIn().setHeader(DeliveryHeaders.META, row.meta());
        });
        // Send routes use the `channel-send` route configuration (routes/errors.yaml), which leaves failures here.
        if (result.getException() != null) {
            throw errors.apply(result.getException());
        }
        return ack.ack(result);
    }

    @Override
    public boolean detectsDuplicates(OutboxRepository.Row row) {
        return repeatable.test(row);
    }
}
