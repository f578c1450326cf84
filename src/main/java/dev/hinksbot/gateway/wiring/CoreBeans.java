package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.ops.CachingJavaLoader;
import dev.hinksbot.gateway.ops.ProcessorCache;
import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.SharedListenerWebsocketComponent;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The beans every route may use: the WebSocket component, the gateway's database and the JSON error responder; and
 * the loader of processors/*.java, which keeps their compiled classes in the data folder ({@code cache/processors}).
 * (The metrics registry and the Vert.x instance are bound by {@code GatewayApp} before Camel starts: Camel Main sets up
 * {@code camel.metrics.*} — and {@code camel.server.*} — before it reads any configuration class.)
 */
public final class CoreBeans implements CamelConfiguration {
    private final GatewayServices services;
    private final CachingJavaLoader javaLoader;

    /**
     * {@code processorCache}: gateway.processors.cache-dir, or null to compile processors/*.java at every start. It is
     * in the data folder, which the sandbox never shows a tool: no tool can plant bytecode there.
     */
    public CoreBeans(GatewayServices services, Path processorCache) {
        this.services = services;
        this.javaLoader = processorCache == null ? null : new CachingJavaLoader(new ProcessorCache(processorCache));
    }

    /** Camel takes a loader bound under its name as it is, unstarted: it is started here, before the routes load. */
    @Override
    public void configure(CamelContext camel) throws Exception {
        if (javaLoader != null) {
            javaLoader.setCamelContext(camel);
            camel.addService(javaLoader, true, true);
            camel.getRegistry().bind(CachingJavaLoader.BEAN, javaLoader);
        }
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
