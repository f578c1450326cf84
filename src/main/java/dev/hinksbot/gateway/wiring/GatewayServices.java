package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.agent.AgentLoop;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ContextWindow;
import dev.hinksbot.gateway.agent.LlamaClient;
import dev.hinksbot.gateway.agent.ManagedLlamaServer;
import dev.hinksbot.gateway.agent.ModelBreaker;
import dev.hinksbot.gateway.agent.ModelHealthWatch;
import dev.hinksbot.gateway.agent.ModelContextSize;
import dev.hinksbot.gateway.agent.TemplatePromptCounter;
import dev.hinksbot.gateway.agent.CachedTokenCounter;
import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.PendingApprovals;
import dev.hinksbot.gateway.chat.RunRecovery;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.config.GatewayConfig;
import dev.hinksbot.gateway.ops.GatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.ResponseRepository;
import dev.hinksbot.gateway.store.RunRepository;
import dev.hinksbot.gateway.store.OwnerScope;
import dev.hinksbot.gateway.store.SearchRepository;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.SettingsRepository;
import dev.hinksbot.gateway.store.StatsRepository;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import dev.hinksbot.gateway.tools.CommandPolicy;
import dev.hinksbot.gateway.tools.ToolRegistry;
import dev.hinksbot.gateway.tools.Workspace;
import dev.hinksbot.gateway.tools.builtin.BuiltinSettings;
import dev.hinksbot.gateway.tools.approval.CommandApprovals;
import dev.hinksbot.gateway.tools.builtin.BuiltinTools;
import dev.hinksbot.gateway.tools.sandbox.Sandboxes;
import dev.hinksbot.gateway.tools.manifest.EndpointInvoker;
import dev.hinksbot.gateway.tools.manifest.ManifestToolLoader;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's plain-Java object graph (store, tools, model client, agent, chat service), built once from the
 * validated config. Camel sees these only through the named beans the {@code *Beans} configurations bind.
 */
public final class GatewayServices implements AutoCloseable {
    final GatewayConfig config;
    final Database database;
    final SessionRepository sessions;
    final MessageRepository messages;
    final ToolExecutionRepository executions;
    final SearchRepository search;
    final StatsRepository stats;
    final Workspace workspace;
    final BuiltinSettings toolSettings;
    /** Where commands run for a model run and which ask first; shared by run_shell and manifest command tools. */
    final CommandPolicy commands;
    final ToolRegistry tools;
    final LlamaClient llama;
    final ModelBreaker modelBreaker;
    private final ModelHealthWatch healthWatch;
    final DefaultSettings defaults;
    final ChatService chat;
    final PendingApprovals approvals;
    final ResponseRepository responses;
    final AgentProfiles profiles;
    /** The llama-server this gateway runs itself, or null when it only connects to one. */
    final ManagedLlamaServer managedLlama;
    /** Answers cut off by a stop or crash: closed at start-up here, their chats told by {@link GatewayChannels}. */
    final RunRecovery recovery;
    private final ExecutorService runThreads;
    /** Camel's route metrics and the gateway's own, scraped at /metrics (camel-micrometer-prometheus finds it by name). */
    final GatewayMetrics metrics = new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    /** {@code managedLlama}: the llama-server this gateway runs (or null); {@link #close()} stops it. */
    public GatewayServices(GatewayConfig config, ManagedLlamaServer managedLlama) {
        this.config = config;
        this.managedLlama = managedLlama;
        this.database = Database.open(config.databasePath(), config.databaseBusyTimeout());
        this.sessions = new SessionRepository(database);
        this.messages = new MessageRepository(database);
        this.executions = new ToolExecutionRepository(database);
        this.search = new SearchRepository(database);
        this.stats = new StatsRepository(database);
        this.responses = new ResponseRepository(database);
        RunRepository runs = new RunRepository(database);
        this.recovery = new RunRecovery(runs);
        recovery.closeInFlight(); // before any run of this process starts
        this.workspace = new Workspace(config.workspace());
        this.toolSettings = new BuiltinSettings(config.shellTimeout(), config.toolOutputCap(), config.webSearchUrl(), config.webTimeout(),
                config.webAllow());
        this.tools = new ToolRegistry();
        // probed once here: without a working sandbox, run_shell and command tools are not offered at all
        this.commands = new CommandPolicy(Sandboxes.choose(config.sandbox(), config.sandboxNetwork(), workspace.root()),
                new CommandApprovals(config.approvals()));
        BuiltinTools.registerAll(tools, workspace, toolSettings,
                // scoped by the owner of the session the tool runs for, never by anything the model passes
                (sessionId, query, limit) -> search.search(query, limit, OwnerScope.of(sessions.ownerOf(sessionId).orElse(null))).stream()
                        .map(h -> "[" + h.sessionTitle() + " · " + h.role() + " · " + h.createdAt() + "] " + h.snippet())
                        .toList(), commands);
        GatewayConfig.Breaker breakerConfig = config.llamaBreaker();
        // the one breaker for llama-server: agent runs (LlamaClient) and the pass-through both consult and feed it
        this.modelBreaker = new ModelBreaker(new ModelBreaker.Settings(breakerConfig.failures(), breakerConfig.probeInterval()));
        this.llama = new LlamaClient(new LlamaClient.Settings(config.llamaBaseUrl(), config.llamaApiKey(),
                config.llamaConnectTimeout(), config.llamaRequestTimeout(), config.llamaIdleTimeout()), modelBreaker);
        this.healthWatch = new ModelHealthWatch(llama, breakerConfig.probeInterval(), breakerConfig.probeTimeout());
        modelBreaker.onCallFailure(healthWatch::probeSoon);
        healthWatch.start();
        ModelContextSize contextSize = new ModelContextSize(llama, config.defaultContextWindow());
        AgentLoop loop = new AgentLoop(llama, new ContextWindow(new CachedTokenCounter(llama, 4096),
                new TemplatePromptCounter(llama, 256), contextSize, config.defaultAnswerReserve()),
                config.clientToolTimeout());
        AtomicInteger threadNumber = new AtomicInteger();
        this.runThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "agent-run-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.defaults = new DefaultSettings(new ChatService.Defaults(config.defaultModel(), config.defaultSystemPrompt(),
                config.defaultMaxTurns(), config.defaultToolGroups()), new SettingsRepository(database));
        // The default profile follows the defaults, which can change at run time (/api/v1/defaults).
        this.profiles = new AgentProfiles(config.openAi().agentDir(), () -> {
            ChatService.Defaults d = defaults.get();
            return new AgentProfile(AgentProfiles.DEFAULT, "The gateway's default agent, with its tools", d.systemPrompt(),
                    d.model() == null || d.model().isBlank() ? null : d.model(), d.toolGroups(), d.maxTurns());
        });
        this.approvals = new PendingApprovals(config.approvalTimeout());
        this.chat = config.approvalsRequired()
                ? new ChatService(defaults, sessions, messages, executions, runs, tools, loop, runThreads, approvals, ApprovalGate.UNATTENDED)
                : new ChatService(defaults, sessions, messages, executions, runs, tools, loop, runThreads, ApprovalGate.ALLOW_ALL, ApprovalGate.ALLOW_ALL);
        chat.observeRuns(metrics.runObserver(name -> tools.find(name).isPresent()));
        metrics.gauge("hinksbot.runs.active", "Agent runs in progress", chat::activeRuns);
    }

    /** The tools models may call (tests call them directly, as a run would). */
    public ToolRegistry tools() {
        return tools;
    }

    /** Camel's route metrics and the gateway's own, scraped at /metrics. */
    public PrometheusMeterRegistry metricsRegistry() {
        return (PrometheusMeterRegistry) metrics.registry();
    }

    public ChatService chat() {
        return chat;
    }

    public LlamaClient llama() {
        return llama;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The declarative tools in {@code dir}, registered beside the built-ins; {@code endpoints} reaches Camel. */
    public ManifestToolLoader manifestLoader(Path dir, EndpointInvoker endpoints) {
        return new ManifestToolLoader(dir, tools, workspace, toolSettings, endpoints, commands);
    }

    @Override
    public void close() {
        chat.close();
        runThreads.shutdownNow();
        healthWatch.close();
        llama.close();
        if (managedLlama != null) {
            managedLlama.close(); // before the JVM exits: no llama-server outlives the gateway
        }
        database.close();
    }
}
