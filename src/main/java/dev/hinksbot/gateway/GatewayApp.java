package dev.hinksbot.gateway;

import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ManagedLlamaServer;
import dev.hinksbot.gateway.channels.openai.ChatCompletionsProcessor;
import dev.hinksbot.gateway.channels.openai.LlamaPassThrough;
import dev.hinksbot.gateway.channels.openai.ModelsProcessor;
import dev.hinksbot.gateway.channels.openai.PassThroughFastPath;
import dev.hinksbot.gateway.channels.openai.ResponsesApi;
import dev.hinksbot.gateway.channels.openai.RunSlots;
import dev.hinksbot.gateway.channels.openai.UpstreamApi;
import dev.hinksbot.gateway.channels.websocket.ChatSocketProcessor;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.config.CronConfig;
import dev.hinksbot.gateway.config.GatewayConfig;
import dev.hinksbot.gateway.config.LlamaServerConfig;
import dev.hinksbot.gateway.ops.EndpointSummary;
import dev.hinksbot.gateway.ops.GatewayHealthChecks;
import dev.hinksbot.gateway.ops.HealthEndpoints;
import dev.hinksbot.gateway.ops.LogFormat;
import dev.hinksbot.gateway.ops.MetricsEndpoint;
import dev.hinksbot.gateway.ops.Observability;
import dev.hinksbot.gateway.ops.ReloadLog;
import dev.hinksbot.gateway.tools.manifest.GuardedEndpointInvoker;
import dev.hinksbot.gateway.tools.manifest.ManifestToolLoader;
import dev.hinksbot.gateway.tools.net.AddressPolicy;
import dev.hinksbot.gateway.tools.net.HostResolver;
import dev.hinksbot.gateway.web.ApiErrorResponder;
import dev.hinksbot.gateway.web.ApiHeaderFilter;
import dev.hinksbot.gateway.web.DocsHandler;
import dev.hinksbot.gateway.web.EdgePolicy;
import dev.hinksbot.gateway.web.EdgeServer;
import dev.hinksbot.gateway.web.HttpGuard;
import dev.hinksbot.gateway.web.RequestTracker;
import dev.hinksbot.gateway.web.SharedListenerWebsocketComponent;
import dev.hinksbot.gateway.web.UiHandler;
import dev.hinksbot.gateway.web.api.DefaultsApi;
import dev.hinksbot.gateway.web.api.OpenApiDocument;
import dev.hinksbot.gateway.web.api.OutboxApi;
import dev.hinksbot.gateway.web.api.SessionsApi;
import dev.hinksbot.gateway.web.api.SystemApi;
import dev.hinksbot.gateway.web.api.ToolsApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway: validates config, builds the services, binds them as named beans for the YAML routes in
 * `routes/`, and runs Camel Main (platform-http on Vert.x, vertx-websocket on the same listener).
 */
public final class GatewayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private final Main main;
    private final EdgeServer edgeServer;
    private final GatewayServices services;
    private final GatewayChannels channels;
    private final GatewayCron cron;
    private final ManifestToolLoader manifests;
    private final Vertx vertx;
    private final int port;

    private GatewayApp(Main main, EdgeServer edgeServer, GatewayServices services, GatewayChannels channels, GatewayCron cron,
                       ManifestToolLoader manifests, Vertx vertx, int port) {
        this.main = main;
        this.edgeServer = edgeServer;
        this.services = services;
        this.channels = channels;
        this.cron = cron;
        this.manifests = manifests;
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts with the environment's config plus {@code overrides} (tests use these for ports and paths). */
    public static GatewayApp start(ConfigLoader loader, Map<String, String> overrides) throws Exception {
        Map<String, String> props = loader.load(overrides);
        loader.home().requireRoutes(props);
        ManagedLlamaServer managedLlama = LlamaServerConfig.from(props).map(ManagedLlamaServer::new).orElse(null);
        if (managedLlama != null) {
            props.put("gateway.llama.base-url", managedLlama.baseUrl()); // every model client talks to the one it runs
        }
        GatewayConfig config = ConfigLoader.validate(props);
        loader.logAccessSources(); // after validation: a refused config is one line, nothing else
        LogFormat.apply(props.get("gateway.log.format"));
        ChannelsConfig channelsConfig = ChannelsConfig.from(props);
        CronConfig cronConfig = CronConfig.from(props, channelsConfig.timeZone());
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        ensurePortFree(config.host(), port);

        GatewayServices services;
        if (managedLlama != null) {
            managedLlama.start(); // first: it loads its model while the rest starts, and listens before the first health probe
        }
        try {
            services = new GatewayServices(config, managedLlama);
        } catch (RuntimeException | Error e) {
            if (managedLlama != null) {
                managedLlama.close();
            }
            throw e;
        }
        GatewayConfig.OpenAiSettings openAi = config.openAi();
        // Camel runs each HTTP request on a Vert.x worker; a streamed answer holds its worker until it ends, so there
        // is one worker per allowed run plus room for the rest of the API, and long streams are not "blocked threads".
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(openAi.maxConcurrentRuns() + 32)
                .setMaxWorkerExecuteTime(1).setMaxWorkerExecuteTimeUnit(TimeUnit.DAYS));
        LlamaPassThrough passThrough = new LlamaPassThrough(vertx, new LlamaPassThrough.Settings(config.llamaBaseUrl(),
                config.llamaApiKey(), config.llamaConnectTimeout(), config.llamaRequestTimeout(), openAi.maxConcurrentRuns()),
                services.modelBreaker);
        Main main = new Main();
        GatewayCron cron = new GatewayCron(services, cronConfig, channelsConfig, main::getCamelContext);
        GatewayChannels channels = new GatewayChannels(services, channelsConfig, main::getCamelContext, cron.command);
        ManifestToolLoader manifests = null;
        EdgeServer edgeServer = null;
        try {
            Properties camel = new Properties();
            props.forEach(camel::setProperty);
            camel.setProperty("camel.server.port", String.valueOf(port));
            camel.setProperty("camel.server.maxBodySize", String.valueOf(config.maxBodyBytes()));
            // Only the API's own response headers go out, never echoed request headers or query parameters.
            camel.setProperty("camel.component.platform-http.header-filter-strategy", "#class:" + ApiHeaderFilter.class.getName());
            // vertx-websocket puts its routes on the platform router and opens no listener of its own (see
            // SharedListenerWebsocketComponent); host and port name that router.
            camel.setProperty("camel.component.vertx-websocket.default-host", config.host());
            camel.setProperty("camel.component.vertx-websocket.default-port", String.valueOf(port));
            Observability.configure(camel);
            channels.configure(camel);
            cron.configure(camel);
            main.setOverrideProperties(camel);
            main.bind("vertx", vertx);
            main.bind(Observability.REGISTRY_BEAN, services.metrics.registry());
            main.bind("vertx-websocket", new SharedListenerWebsocketComponent());
            HttpGuard guard = new HttpGuard(config.apiKey(), config.maxBodyBytes(),
                    EdgePolicy.of(config.host(), openAi.allowedHosts(), openAi.corsOrigins()));
            RequestTracker tracker = new RequestTracker();
            RunSlots slots = new RunSlots(openAi.maxConcurrentRuns());
            MetricsEndpoint metricsEndpoint = new MetricsEndpoint((PrometheusMeterRegistry) services.metrics.registry());
            PassThroughFastPath fastPath = openAi.passThroughFastPath()
                    ? new PassThroughFastPath(services.profiles, passThrough, slots, tracker, config.maxBodyBytes()) : null;
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport m) {
                    try {
                        GatewayHealthChecks.register(m.getCamelContext(), services.database, services.llama);
                        m.getCamelContext().getManagementStrategy().addEventNotifier(new ReloadLog());
                        m.getCamelContext().addStartupListener(routerInstaller(port, tracker::install, guard::install,
                                fastPath == null ? router -> { } : fastPath::install, DocsHandler::install, UiHandler::install,
                                metricsEndpoint::install, new HealthEndpoints(m.getCamelContext())::install));
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot register the HTTP guard", e);
                    }
                }
            });
            ChatSocketProcessor chatSocket = new ChatSocketProcessor(services.chat, (int) Math.min(config.maxBodyBytes(), Integer.MAX_VALUE),
                    channels.commands, channels.guard, channelsConfig.platform("websocket").busyMode(), services.approvals);
            main.bind("chatSocket", chatSocket);
            services.metrics.gauge("hinksbot.websockets.open", "Open chat WebSocket connections", chatSocket::openConnections);
            channels.bind(main);
            cron.bind(main);
            main.bind("apiErrors", new ApiErrorResponder());
            // routes reach the gateway's database as jdbc:gatewayDb, through the store's one writer
            main.bind("gatewayDb", services.database.dataSource());
            main.bind("sessionsApi", new SessionsApi(services.sessions, services.messages, services.search, services.executions, services.chat));
            main.bind("outboxApi", new OutboxApi(channels.outbox));
            main.bind("toolsApi", new ToolsApi(services.tools, services.executions, config.apiKey()));
            main.bind("systemApi", new SystemApi(services.llama, services.stats, services.chat, services.defaults,
                    config.apiKeyRequired(), channels.pollers::states, services.managedLlama));
            main.bind("defaultsApi", new DefaultsApi(services.defaults));
            main.bind("openApiDocument", new OpenApiDocument());
            main.bind("openaiChatCompletions", new ChatCompletionsProcessor(services.profiles, services.chat, passThrough, slots,
                    tracker, vertx, openAi.keepaliveInterval()));
            main.bind("openaiModels", new ModelsProcessor(services.profiles, services.llama, tracker));
            main.bind("openaiUpstream", new UpstreamApi(passThrough, slots, tracker));
            main.bind("openaiResponses", new ResponsesApi(services.profiles, services.chat, slots, services.responses, tracker,
                    openAi.responsesRetention()));
            main.start();
            if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
                throw new ConfigException("the gateway did not start; see the log above");
            }
            edgeServer = EdgeServer.takeOver(main.getCamelContext(), vertx, config.host(), port, config.maxBodyBytes());
            ensureListening(config.host(), port);
            channels.started();
            EndpointSummary.log(main.getCamelContext(), config.host(), port);
            CamelEndpointInvoker camelInvoker = new CamelEndpointInvoker(main.getCamelContext());
            // http endpoints fall under the network tools' address rule (gateway.tools.web-allow lists exceptions)
            manifests = new ManifestToolLoader(config.toolsDir(), services.tools, services.workspace, services.toolSettings,
                    new GuardedEndpointInvoker(camelInvoker, new AddressPolicy(config.webAllow(), HostResolver.SYSTEM),
                            camelInvoker::resolvePlaceholders), services.commands);
            manifests.loadAll().forEach(problem -> LOG.warn("tool manifest skipped: {}", problem));
            manifests.startWatching();
        } catch (Exception | Error e) {
            stopQuietly(main, edgeServer, manifests, channels, cron, services, vertx);
            throw e;
        }
        LOG.info("HinksBot Gateway listening on http://{}:{} (llama-server {}, database {}, workspace {}, auth {})",
                config.host(), port, config.llamaBaseUrl(), config.databasePath(), services.workspace.root(),
                config.apiKeyRequired() ? "required" : "off (loopback only)");
        if (managedLlama == null) {
            warnWhenNoModel(services.llama, config.llamaBreaker().probeTimeout());
        }
        return new GatewayApp(main, edgeServer, services, channels, cron, manifests, vertx, port);
    }

    /** One WARN line at start-up when nothing answers at gateway.llama.base-url, saying how to get a model. */
    private static void warnWhenNoModel(LlamaClient llama, Duration timeout) {
        CompletableFuture.runAsync(() -> {
            LlamaClient.Health health = llama.health(timeout);
            if ("unreachable".equals(health.status())) {
                LOG.warn("no llama-server answers at {}: start one (e.g. `llama-server -hf <repo>:<quant> --port {}`, see"
                        + " docs/install.md) or set gateway.llama.server.command so the gateway runs it", llama.baseUrl(),
                        java.net.URI.create(llama.baseUrl()).getPort());
            }
        });
    }

    public int port() {
        return port;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public GatewayServices services() {
        return services;
    }

    /** Blocks until the JVM is asked to stop, then shuts down in order. */
    public void awaitShutdown() throws InterruptedException {
        Thread hook = new Thread(this::close, "gateway-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread.currentThread().join();
    }

    @Override
    public synchronized void close() {
        stopQuietly(main, edgeServer, manifests, channels, cron, services, vertx);
    }

    private static void stopQuietly(Main main, EdgeServer edgeServer, ManifestToolLoader manifests, GatewayChannels channels,
                                    GatewayCron cron, GatewayServices services, Vertx vertx) {
        if (manifests != null) {
            manifests.close();
        }
        // Intake first: no platform message is taken from here on, so none is confirmed to its platform without an
        // answer being on its way; what arrives meanwhile stays with the platform for the next start.
        channels.stopIntake();
        cron.close(); // runs in flight are cancelled with the chat runs below; the next start marks them failed
        awaitRuns(services, channels.config.shutdownGrace()); // answers nearly written are let finish
        services.chat.close(); // record partial answers (as interrupted) while the store is still open
        try {
            channels.queueRestartNotices(); // Camel still runs: the notices go into the outbox through direct:deliver
        } catch (RuntimeException e) {
            LOG.warn("restart notices not queued now; the next start queues them: {}", e.toString());
        }
        // The send in flight finishes and its real outcome is recorded (bounded by gateway.delivery.drain-timeout);
        // pending outbox rows (the notices too) stay in the database and go out after the next start.
        channels.close();
        if (edgeServer != null) {
            edgeServer.close();
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", e.toString());
        }
        services.close();
        vertx.close();
    }

    /** Waits up to {@code grace} for the runs in flight to end by themselves. */
    private static void awaitRuns(GatewayServices services, Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        try {
            while (services.chat.activeRuns() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Installs Vert.x handlers (timing, auth and limits, the fast path, docs) on the platform router before any route serves. */
    @SafeVarargs
    private static StartupListener routerInstaller(int port, Consumer<Router>... installers) {
        return new StartupListener() {
            private boolean installed;

            @Override
            public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
                install(context);
            }

            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                install(context);
            }

            private synchronized void install(CamelContext context) {
                if (installed) {
                    return;
                }
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (router != null) {
                    for (Consumer<Router> installer : installers) {
                        installer.accept(router);
                    }
                    installed = true;
                }
            }
        };
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }

    private static void ensurePortFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): is another gateway running? Set camel.server.port to a free port");
        }
    }

    /** Vert.x reports a failed bind only in its log; make sure the port really answers. */
    private static void ensureListening(String host, int port) {
        String target = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target, port), (int) Duration.ofSeconds(2).toMillis());
        } catch (IOException e) {
            throw new ConfigException("the HTTP server is not listening on " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }
}
