package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.config.GatewayConfig;
import dev.hinksbot.gateway.ops.GatewayHealthChecks;
import dev.hinksbot.gateway.ops.HealthEndpoints;
import dev.hinksbot.gateway.ops.MetricsEndpoint;
import dev.hinksbot.gateway.ops.ReloadLog;
import dev.hinksbot.gateway.store.OutboxRepository;
import dev.hinksbot.gateway.web.DocsHandler;
import dev.hinksbot.gateway.web.EdgePolicy;
import dev.hinksbot.gateway.web.HttpGuard;
import dev.hinksbot.gateway.web.RequestTracker;
import dev.hinksbot.gateway.web.UiHandler;
import dev.hinksbot.gateway.web.api.DefaultsApi;
import dev.hinksbot.gateway.web.api.OpenApiDocument;
import dev.hinksbot.gateway.web.api.OutboxApi;
import dev.hinksbot.gateway.web.api.SessionsApi;
import dev.hinksbot.gateway.web.api.SystemApi;
import dev.hinksbot.gateway.web.api.ToolsApi;
import dev.hinksbot.gateway.web.openai.ChatCompletionsProcessor;
import dev.hinksbot.gateway.web.openai.LlamaPassThrough;
import dev.hinksbot.gateway.web.openai.ModelsProcessor;
import dev.hinksbot.gateway.web.openai.PassThroughFastPath;
import dev.hinksbot.gateway.web.openai.ResponsesApi;
import dev.hinksbot.gateway.web.openai.RunSlots;
import dev.hinksbot.gateway.web.openai.UpstreamApi;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The HTTP surface: the REST API beans ({@code routes/rest-api.yaml}), the OpenAI-compatible ones
 * ({@code routes/openai-api.yaml}), and — in {@link #configure}, after the beans are bound and before any route is
 * read — the health checks and the Vert.x handlers (request timing, the guard, the fast path, docs, UI, metrics,
 * health) put on the platform router before any route serves. Added last: {@code systemApi} reports the channels'
 * poller leases.
 */
public final class HttpBeans implements CamelConfiguration {
    private final GatewayServices services;
    private final GatewayConfig config;
    private final ChannelBeans channels;
    private final Vertx vertx;
    private final int port;
    private final LlamaPassThrough passThrough;
    private final RunSlots slots;
    private final RequestTracker tracker = new RequestTracker();

    public HttpBeans(GatewayServices services, GatewayConfig config, ChannelBeans channels, Vertx vertx, int port) {
        this.services = services;
        this.config = config;
        this.channels = channels;
        this.vertx = vertx;
        this.port = port;
        GatewayConfig.OpenAiSettings openAi = config.openAi();
        this.passThrough = new LlamaPassThrough(vertx, new LlamaPassThrough.Settings(config.llamaBaseUrl(),
                config.llamaApiKey(), config.llamaConnectTimeout(), config.llamaRequestTimeout(), openAi.maxConcurrentRuns()),
                services.modelBreaker, services.metrics.passThrough());
        this.slots = new RunSlots(openAi.maxConcurrentRuns());
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        GatewayHealthChecks.register(camel, services.database, services.llama);
        camel.getManagementStrategy().addEventNotifier(new ReloadLog());
        GatewayConfig.OpenAiSettings openAi = config.openAi();
        HttpGuard guard = new HttpGuard(config.apiKey(), config.maxBodyBytes(),
                EdgePolicy.of(config.host(), openAi.allowedHosts(), openAi.corsOrigins()));
        MetricsEndpoint metrics = new MetricsEndpoint(services.metricsRegistry());
        PassThroughFastPath fastPath = openAi.passThroughFastPath()
                ? new PassThroughFastPath(services.profiles, passThrough, slots, tracker, config.maxBodyBytes()) : null;
        camel.addStartupListener(new RouterInstaller(port, List.of(tracker::install, guard::install,
                fastPath == null ? router -> { } : fastPath::install, DocsHandler::install, UiHandler::install,
                metrics::install, new HealthEndpoints(camel)::install)));
    }

    // the REST API (routes/rest-api.yaml)

    @BindToRegistry
    public SessionsApi sessionsApi() {
        return new SessionsApi(services.sessions, services.messages, services.search, services.executions, services.chat);
    }

    @BindToRegistry
    public OutboxApi outboxApi() {
        return new OutboxApi(new OutboxRepository(services.database));
    }

    @BindToRegistry
    public ToolsApi toolsApi() {
        return new ToolsApi(services.tools, services.executions, config.apiKey());
    }

    @BindToRegistry
    public SystemApi systemApi() {
        return new SystemApi(services.llama, services.stats, services.chat, services.defaults, config.apiKeyRequired(),
                channels.channels().pollers::states, services.managedLlama);
    }

    @BindToRegistry
    public DefaultsApi defaultsApi() {
        return new DefaultsApi(services.defaults);
    }

    /** The OpenAPI document at /api/v1/openapi.json, built from the routes running now. */
    @BindToRegistry
    public OpenApiDocument openApiDocument() {
        return new OpenApiDocument();
    }

    // the OpenAI-compatible API (routes/openai-api.yaml)

    @BindToRegistry
    public ChatCompletionsProcessor openaiChatCompletions() {
        return new ChatCompletionsProcessor(services.profiles, services.chat, passThrough, slots, tracker, vertx,
                config.openAi().keepaliveInterval());
    }

    @BindToRegistry
    public ModelsProcessor openaiModels() {
        return new ModelsProcessor(services.profiles, services.llama, tracker);
    }

    @BindToRegistry
    public UpstreamApi openaiUpstream() {
        return new UpstreamApi(passThrough, slots, tracker);
    }

    @BindToRegistry
    public ResponsesApi openaiResponses() {
        return new ResponsesApi(services.profiles, services.chat, slots, services.responses, tracker,
                config.openAi().responsesRetention());
    }

    /** Installs the handlers on the platform router once it exists (it does while Camel starts), once. */
    private static final class RouterInstaller implements StartupListener {
        private final int port;
        private final List<Consumer<Router>> installers;
        private boolean installed;

        RouterInstaller(int port, List<Consumer<Router>> installers) {
            this.port = port;
            this.installers = installers;
        }

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
                installers.forEach(installer -> installer.accept(router));
                installed = true;
            }
        }
    }
}
