package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.channels.PollerLeases;
import dev.hinksbot.gateway.store.InboundKeyRepository;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.component.telegram.TelegramComponent;
import org.apache.camel.component.telegram.TelegramConfiguration;
import org.apache.camel.component.telegram.TelegramEndpoint;

/**
 * camel-telegram (scheme {@code telegram}, bound under that name so routes read as usual) whose consumer confirms an
 * update to the Bot API only after the gateway has taken it (see {@link ConfirmingTelegramConsumer}). Producers and
 * every endpoint option are camel-telegram's own; only the consumer differs.
 */
// The annotation names camel-telegram's generated property configurers (telegram-component / telegram-endpoint), so
// every endpoint option (timeout, limit, …) binds exactly as on camel-telegram's own classes.
@org.apache.camel.spi.annotations.Component("telegram")
public final class ConfirmingTelegramComponent extends TelegramComponent {
    private final InboundKeyRepository keys;
    private final PollerLeases leases;

    public ConfirmingTelegramComponent(InboundKeyRepository keys, PollerLeases leases) {
        this.keys = keys;
        this.leases = leases;
    }

    // Mirrors TelegramComponent.createEndpoint (4.17), creating our endpoint class instead.
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String type = remaining.endsWith("/") ? remaining.substring(0, remaining.length() - 1) : remaining;
        if (!"bots".equals(type)) {
            throw new IllegalArgumentException("Unsupported endpoint type for uri " + uri + ", remaining " + type);
        }
        TelegramConfiguration configuration = new TelegramConfiguration();
        configuration.setType(type);
        if (configuration.getBaseUri() == null) {
            configuration.setBaseUri(getBaseUri());
        }
        TelegramEndpoint endpoint = new Confirming(uri, this, configuration, keys, leases);
        configuration.setAuthorizationToken(getAuthorizationToken());
        setProperties(endpoint, parameters);
        if (endpoint.getConfiguration().getAuthorizationToken() == null) {
            throw new IllegalArgumentException("AuthorizationToken must be configured on either component or endpoint for telegram: " + uri);
        }
        return endpoint;
    }

    private static final class Confirming extends TelegramEndpoint {
        private final InboundKeyRepository keys;
        private final PollerLeases leases;

        Confirming(String uri, ConfirmingTelegramComponent component, TelegramConfiguration configuration, InboundKeyRepository keys,
                   PollerLeases leases) {
            super(uri, component, configuration, component.getClient());
            this.keys = keys;
            this.leases = leases;
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            ConfirmingTelegramConsumer consumer = new ConfirmingTelegramConsumer(this, processor, keys, leases);
            configureConsumer(consumer);
            return consumer;
        }
    }
}
