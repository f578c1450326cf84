package dev.hinksbot.gateway;

import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ManagedLlamaServer;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.config.CronConfig;
import dev.hinksbot.gateway.config.GatewayConfig;
import dev.hinksbot.gateway.config.LlamaServerConfig;
import dev.hinksbot.gateway.ops.CachingJavaLoader;
import dev.hinksbot.gateway.ops.EndpointSummary;
import dev.hinksbot.gateway.ops.LogFormat;
import dev.hinksbot.gateway.ops.Observability;
import dev.hinksbot.gateway.ops.ProcessorCache;
import dev.hinksbot.gateway.ops.ProcessorReload;
import dev.hinksbot.gateway.store.SqliteNativeLibrary;
import dev.hinksbot.gateway.tools.manifest.GuardedEndpointInvoker;
import dev.hinksbot.gateway.tools.manifest.ManifestToolLoader;
import dev.hinksbot.gateway.tools.net.AddressPolicy;
import dev.hinksbot.gateway.tools.net.HostResolver;
import dev.hinksbot.gateway.web.ApiHeaderFilter;
import dev.hinksbot.gateway.web.EdgeServer;
import dev.hinksbot.gateway.wiring.ChannelBeans;
import dev.hinksbot.gateway.wiring.CoreBeans;
import dev.hinksbot.gateway.wiring.CronBeans;
import dev.hinksbot.gateway.wiring.GatewayChannels;
import dev.hinksbot.gateway.wiring.GatewayCron;
import dev.hinksbot.gateway.wiring.GatewayServices;
import dev.hinksbot.gateway.wiring.HttpBeans;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway and stops it in order: validates config, builds the plain-Java services, and runs Camel Main
 * (platform-http on Vert.x, vertx-websocket on the same listener) with the {@code wiring} configurations, which bind
 * the named beans the YAML routes in {@code routes/} use. A stop request may come at any point of the start: what
 * has started by then is stopped, in the same order.
 */
public final class GatewayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    /** A start that a stop request (SIGTERM) overtook; what had started is stopped. */
    public static final class StartAborted extends RuntimeException {
        StartAborted() {
            super("the gateway was asked to stop while it was starting", null, false, false);
        }
    }

    /** How long a stop waits for a start in progress to reach its next step (Camel starting its routes, at worst). */
    private static final Duration START_STEP_WAIT = Duration.ofSeconds(15);

    private final Main main = new Main();
    /** Held by each step of the start that creates something to stop, and by the stop itself. */
    private final Object lock = new Object();
    private final CountDownLatch startEnded = new CountDownLatch(1);
    private boolean closing;
    private boolean camelStarting;
    private ManagedLlamaServer managedLlama;
    private GatewayServices services;
    private Vertx vertx;
    private CronBeans cronBeans;
    private ChannelBeans channelBeans;
    private EdgeServer edgeServer;
    private ManifestToolLoader manifests;
    private ProcessorReload processorReload;
    private Duration shutdownGrace = Duration.ZERO;
    private int port;

    private GatewayApp() {
    }

    /** Starts with the environment's config plus {@code overrides} (tests use these for ports and paths). */
    public static GatewayApp start(ConfigLoader loader, Map<String, String> overrides) throws Exception {
        GatewayApp app = new GatewayApp();
        app.boot(loader, overrides);
        return app;
    }

    /**
     * Starts for the {@code run} command: the JVM's shutdown hook is in place first, so a stop request while the
     * gateway is still starting stops what has started at once (the start then ends in {@link StartAborted}).
     */
    public static GatewayApp startWithShutdownHook(ConfigLoader loader) throws Exception {
        GatewayApp app = new GatewayApp();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "gateway-shutdown"));
        app.boot(loader, Map.of());
        return app;
    }

    private void boot(ConfigLoader loader, Map<String, String> overrides) throws Exception {
        try {
            Map<String, String> props = loader.load(overrides);
            loader.home().requireRoutes(props);
            ManagedLlamaServer managed = LlamaServerConfig.from(props).map(ManagedLlamaServer::new).orElse(null);
            if (managed != null) {
                props.put("gateway.llama.base-url", managed.baseUrl()); // every model client talks to the one it runs
            }
            GatewayConfig config = ConfigLoader.validate(props);
            LogFormat.apply(props.get("gateway.log.format")); // before the first line the gateway logs: JSON throughout
            loader.logAccessSources(); // after validation: a refused config is one line, nothing else
            ChannelsConfig channelsConfig = ChannelsConfig.from(props);
            CronConfig cronConfig = CronConfig.from(props, channelsConfig.timeZone());
            int listenPort = config.port() == 0 ? freePort(config.host()) : config.port();
            ensurePortFree(config.host(), listenPort);
            run(config, props, channelsConfig, cronConfig, managed, listenPort);
        } catch (StartAborted e) {
            throw e; // the stop that overtook this start stops what it started
        } catch (Exception | Error e) {
            synchronized (lock) {
                if (!closing) {
                    closing = true;
                    stopInOrder();
                }
            }
            throw e;
        } finally {
            startEnded.countDown();
        }
    }

    private void run(GatewayConfig config, Map<String, String> props, ChannelsConfig channelsConfig, CronConfig cronConfig,
                     ManagedLlamaServer managed, int listenPort) throws Exception {
        step(() -> {
            port = listenPort;
            shutdownGrace = channelsConfig.shutdownGrace();
            managedLlama = managed;
            if (managed != null) {
                managed.start(); // first: it loads its model while the rest starts, and listens before the first health probe
            }
        });
        String cache = props.getOrDefault("gateway.cache-dir", "");
        Path cacheDir = cache.isBlank() ? null : Path.of(cache);
        if (cacheDir != null) {
            SqliteNativeLibrary.useCache(cacheDir.resolve("native"));
        }
        step(() -> services = new GatewayServices(config, managedLlama));
        // Camel runs each HTTP request on a Vert.x worker; a streamed answer holds its worker until it ends, so there
        // is one worker per allowed run plus room for the rest of the API, and long streams are not "blocked threads".
        step(() -> vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(config.openAi().maxConcurrentRuns() + 32)
                .setMaxWorkerExecuteTime(1).setMaxWorkerExecuteTimeUnit(TimeUnit.DAYS)));
        Properties camel = new Properties();
        props.forEach(camel::setProperty);
        camel.setProperty("camel.server.port", String.valueOf(listenPort));
        camel.setProperty("camel.server.maxBodySize", String.valueOf(config.maxBodyBytes()));
        // Only the API's own response headers go out, never echoed request headers or query parameters.
        camel.setProperty("camel.component.platform-http.header-filter-strategy", "#class:" + ApiHeaderFilter.class.getName());
        // vertx-websocket puts its routes on the platform router and opens no listener of its own (see
        // SharedListenerWebsocketComponent); host and port name that router.
        camel.setProperty("camel.component.vertx-websocket.default-host", config.host());
        camel.setProperty("camel.component.vertx-websocket.default-port", String.valueOf(listenPort));
        Observability.configure(camel);
        GatewayChannels.configure(channelsConfig, camel);
        main.setOverrideProperties(camel);
        // The gateway's own shutdown hook stops everything in order. Camel's default strategy would add a JVM hook of
        // its own that only waits for the context to stop, for up to its shutdown timeout plus 15 s (60 s by default):
        // a stop during start-up waited that long.
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        // Camel Main sets up camel.metrics.* (which takes this registry by name) and camel.server.* (platform-http on
        // this Vert.x) before it reads any configuration class: these two are bound here, every other bean there.
        main.bind("vertx", vertx);
        main.bind(Observability.REGISTRY_BEAN, services.metricsRegistry());
        if (cacheDir != null) {
            main.addMainListener(CachingJavaLoader.installer(new ProcessorCache(cacheDir.resolve("processors"))));
        }
        // Camel binds each configuration's beans in this order, before it reads the routes (see docs/wiring.md)
        cronBeans = new CronBeans(services, cronConfig, channelsConfig);
        channelBeans = new ChannelBeans(services, channelsConfig, cronBeans);
        main.configure().addConfiguration(new CoreBeans(services));
        main.configure().addConfiguration(cronBeans);
        main.configure().addConfiguration(channelBeans);
        main.configure().addConfiguration(new HttpBeans(services, config, channelBeans, vertx, listenPort));
        step(() -> camelStarting = true);
        main.start();
        CamelContext context = main.getCamelContext();
        if (context == null || !context.isStarted()) {
            throw new ConfigException("the gateway did not start; see the log above");
        }
        step(() -> {
            edgeServer = EdgeServer.takeOver(context, vertx, config.host(), listenPort, config.maxBodyBytes());
            ensureListening(config.host(), listenPort);
        });
        step(() -> channelBeans.channels().started());
        EndpointSummary.log(context, config.host(), listenPort);
        CamelEndpointInvoker camelInvoker = new CamelEndpointInvoker(context);
        step(() -> {
            // http endpoints fall under the network tools' address rule (gateway.tools.web-allow lists exceptions)
            manifests = services.manifestLoader(config.toolsDir(), new GuardedEndpointInvoker(camelInvoker,
                    new AddressPolicy(config.webAllow(), HostResolver.SYSTEM), camelInvoker::resolvePlaceholders));
            manifests.loadAll().forEach(problem -> LOG.warn("tool manifest skipped: {}", problem));
            manifests.startWatching();
        });
        if (Boolean.parseBoolean(props.getOrDefault("camel.main.routes-reload-enabled", "false"))) {
            // processors/*.java reload like routes/*.yaml (Camel's route watcher covers one folder of routes)
            step(() -> {
                processorReload = new ProcessorReload(context, props.get("camel.main.routes-include-pattern"));
                processorReload.start();
            });
        }
        LOG.info("HinksBot Gateway listening on http://{}:{} (llama-server {}, database {}, workspace {}, auth {})",
                config.host(), listenPort, config.llamaBaseUrl(), config.databasePath(), services.workspace().root(),
                config.apiKeyRequired() ? "required" : "off (loopback only)");
        if (managedLlama == null) {
            warnWhenNoModel(services.llama(), config.llamaBreaker().probeTimeout());
        }
    }

    /** One step of the start that creates something to stop, unless a stop came first. */
    private void step(Step step) throws Exception {
        synchronized (lock) {
            if (closing) {
                throw new StartAborted();
            }
            step.run();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
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

    /** Blocks until the JVM stops; the shutdown hook ({@link #startWithShutdownHook}) stops the gateway in order. */
    public void awaitShutdown() throws InterruptedException {
        Thread.currentThread().join();
    }

    /**
     * Stops what has started, in order, once. A start in progress is not raced: it is let reach its next step (where
     * it ends), so Camel is never stopped while it is still starting its routes.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            if (!startEnded.await(START_STEP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the start did not reach a step where it can stop within {} s; stopping anyway",
                        START_STEP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            stopInOrder();
        }
    }

    private void stopInOrder() {
        GatewayChannels channels = channelBeans == null ? null : channelBeans.channels();
        GatewayCron cron = cronBeans == null ? null : cronBeans.cron();
        if (manifests != null) {
            manifests.close();
        }
        if (processorReload != null) {
            processorReload.close();
        }
        // Intake first: no platform message is taken from here on, so none is confirmed to its platform without an
        // answer being on its way; what arrives meanwhile stays with the platform for the next start.
        if (channels != null) {
            channels.stopIntake();
        }
        if (cron != null) {
            cron.close(); // runs in flight are cancelled with the chat runs below; the next start marks them failed
        }
        if (services != null) {
            awaitRuns(services.chat(), shutdownGrace); // answers nearly written are let finish
            services.chat().close(); // record partial answers (as interrupted) while the store is still open
        }
        CamelContext context = main.getCamelContext();
        if (channels != null && context != null && context.isStarted()) {
            try {
                channels.queueRestartNotices(); // Camel still runs: the notices go into the outbox through direct:deliver
            } catch (RuntimeException e) {
                LOG.warn("restart notices not queued now; the next start queues them: {}", e.toString());
            }
        }
        // The send in flight finishes and its real outcome is recorded (bounded by gateway.delivery.drain-timeout);
        // pending outbox rows (the notices too) stay in the database and go out after the next start.
        if (channels != null) {
            channels.close();
        }
        if (edgeServer != null) {
            edgeServer.close();
        }
        if (camelStarting) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly: {}", e.toString());
            }
        }
        if (services != null) {
            services.close(); // the managed llama-server too
        } else if (managedLlama != null) {
            managedLlama.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    /** Waits up to {@code grace} for the runs in flight to end by themselves. */
    private static void awaitRuns(ChatService chat, Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        try {
            while (chat.activeRuns() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
