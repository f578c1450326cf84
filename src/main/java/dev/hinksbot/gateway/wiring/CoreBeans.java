package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.SharedListenerWebsocketComponent;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * The beans every route may use: the WebSocket component, the gateway's database and the JSON error responder.
 * (The metrics registry and the Vert.x instance are bound by {@code GatewayApp} before Camel starts: Camel Main sets up
 * {@code camel.metrics.*} — and {@code camel.server.*} — before it reads any configuration class.)
 */
public final class CoreBeans implements CamelConfiguration {
    private final GatewayServices services;

    public CoreBeans(GatewayServices services) {
        this.services = services;
    }

    /** vertx-websocket on the platform router's listener; it opens none of its own. */
    @BindToRegistry("vertx-websocket")
    public SharedListenerWebsocketComponent vertxWebsocket() {
        return new SharedListenerWebsocketComponent();
    }

    /** Routes reach the gateway's database as {@code jdbc:gatewayDb}, through the store's one writer. */
    @BindToRegistry
    public DataSource gatewayDb() {
        return services.database.dataSource();
    }

    @BindToRegistry
    public ApiErrorResponder apiErrors() {
        return new ApiErrorResponder();
    }
}
