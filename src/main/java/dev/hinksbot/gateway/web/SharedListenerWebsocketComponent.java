package dev.hinksbot.gateway.web;

import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponentConfigurer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpointConfigurer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * camel-vertx-websocket that puts its consumers on the platform router and opens no listener of its own. The stock
 * component starts a second Vert.x server on the same port; Vert.x then hands connections to the two servers in
 * turn, each with its own limits, so a WebSocket's size limit depended on which server took the connection. The
 * gateway has one listener ({@link EdgeServer}) and this keeps it that way.
 */
public final class SharedListenerWebsocketComponent extends VertxWebsocketComponent {
    // Camel finds generated configurers by the component's class name; a subclass has none of its own, and without
    // them endpoint options such as fireWebSocketConnectionEvents were silently dropped.
    private final PropertyConfigurer componentConfigurer = new VertxWebsocketComponentConfigurer();
    private final PropertyConfigurer endpointConfigurer = new VertxWebsocketEndpointConfigurer();

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return componentConfigurer;
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return endpointConfigurer;
    }

    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration configuration, VertxWebsocketHostKey key) {
        return new VertxWebsocketHost(getCamelContext(), configuration, key) {
            @Override
            public void start() {
                // routes are added to the shared router by connect(); the EdgeServer serves it
            }
        };
    }
}
