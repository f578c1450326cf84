package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.agent.ChatRequest;
import dev.hinksbot.gateway.channels.AnswerStreams;
import dev.hinksbot.gateway.channels.Authorizer;
import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.ChannelSessions;
import dev.hinksbot.gateway.channels.ChatRuns;
import dev.hinksbot.gateway.channels.CommandDispatcher;
import dev.hinksbot.gateway.channels.Hooks;
import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.channels.PairingService;
import dev.hinksbot.gateway.channels.PollerLeases;
import dev.hinksbot.gateway.channels.ResetPolicy;
import dev.hinksbot.gateway.channels.Roles;
import dev.hinksbot.gateway.channels.RunLauncher;
import dev.hinksbot.gateway.channels.ThrottledDrafts;
import dev.hinksbot.gateway.channels.TypingIndicator;
import dev.hinksbot.gateway.channels.commands.ChatCommands;
import dev.hinksbot.gateway.channels.hooks.AgentHooks;
import dev.hinksbot.gateway.channels.mail.MailEndpoints;
import dev.hinksbot.gateway.channels.mail.MailErrors;
import dev.hinksbot.gateway.channels.mail.MailOutbound;
import dev.hinksbot.gateway.channels.media.Uploads;
import dev.hinksbot.gateway.channels.media.VisionSupport;
import dev.hinksbot.gateway.channels.slack.SlackConsumers;
import dev.hinksbot.gateway.channels.slack.SlackDirectory;
import dev.hinksbot.gateway.channels.slack.SlackDrafts;
import dev.hinksbot.gateway.channels.slack.SlackOutbound;
import dev.hinksbot.gateway.channels.telegram.TelegramBotApi;
import dev.hinksbot.gateway.channels.telegram.TelegramDrafts;
import dev.hinksbot.gateway.channels.telegram.TelegramIdentity;
import dev.hinksbot.gateway.channels.telegram.TelegramOutbound;
import dev.hinksbot.gateway.channels.telegram.TelegramTyping;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.chat.RunRecovery;
import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.cron.CronChatCommand;
import dev.hinksbot.gateway.delivery.DeliveryTarget;
import dev.hinksbot.gateway.delivery.DeliveryTargets;
import dev.hinksbot.gateway.delivery.LocalDelivery;
import dev.hinksbot.gateway.delivery.OutboxDispatcher;
import dev.hinksbot.gateway.delivery.PlatformSender;
import dev.hinksbot.gateway.processors.Authorize;
import dev.hinksbot.gateway.processors.CamelHooks;
import dev.hinksbot.gateway.processors.CamelOutbound;
import dev.hinksbot.gateway.processors.CamelPlatformSender;
import dev.hinksbot.gateway.processors.ResolveSession;
import dev.hinksbot.gateway.processors.ResolveTargets;
import dev.hinksbot.gateway.processors.RunCommand;
import dev.hinksbot.gateway.processors.StartRun;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import dev.hinksbot.gateway.store.InboundKeyRepository;
import dev.hinksbot.gateway.store.OutboxRepository;
import dev.hinksbot.gateway.store.PairingRepository;
import dev.hinksbot.gateway.store.PollerLeaseRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.WaitingMessageRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * The messaging side of the object graph: authorization and pairing, chat platform sessions, slash commands, the
 * busy guard, hooks, and delivery (targets, outbox, dispatcher). {@link ChannelBeans} binds the beans the channel
 * routes in {@code routes/} name; {@link #configure} computes the properties that start a channel's routes only when
 * it is configured.
 */
public final class GatewayChannels implements AutoCloseable {
    /** Platforms do not send a message again after this long (Telegram keeps an update 24 h). */
    private static final java.time.Duration KEEP_INBOUND_KEYS = java.time.Duration.ofDays(30);
    private static final Set<String> INTAKE_ROUTES = Set.of("telegram-in", "slack-in", "slack-socket-in", "mail-in");
    private static final java.time.Duration INTAKE_STOP = java.time.Duration.ofSeconds(10);
    final ChannelsConfig config;
    final PairingService pairing;
    final OutboxRepository outbox;
    final BusyGuard guard;
    final CommandDispatcher commands;
    final ChatRuns runs;
    final Authorize authorize;
    final ResolveSession resolveSession;
    final RunCommand runCommand;
    final StartRun startRun;
    final Hooks hooks;
    final OutboxDispatcher dispatcher;
    final ResolveTargets resolveTargets;
    private final ScheduledExecutorService scheduler;
    private final ChatService chat;
    private final CamelContext camel;
    final com.slack.api.Slack slackClient;
    final SlackDirectory slack;
    private final RunRecovery recovery;
    private final CamelOutbound outbound;
    final InboundKeyRepository inboundKeys;
    final PollerLeases pollers;
    final IntakeKeys intake;
    final TelegramBotApi telegramApi;
    final TelegramOutbound telegramOut;
    final TelegramIdentity telegramIdentity;
    final VisionSupport vision;
    private final ScheduledExecutorService streamer;
    final dev.hinksbot.gateway.tools.Workspace workspace;
    final ChannelSessionRepository channelRepo;

    /** {@code camel}: built, not started yet; the senders, hooks and answers go through its routes once it runs. */
    GatewayChannels(GatewayServices services, ChannelsConfig config, CamelContext camel, CronChatCommand cron) {
        this.config = config;
        this.chat = services.chat;
        this.camel = camel;
        this.recovery = services.recovery;
        ProducerTemplate producer = camel.createProducerTemplate();
        this.outbound = new CamelOutbound(producer);
        Clock clock = Clock.systemUTC();
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "channel-timers");
            t.setDaemon(true);
            return t;
        });
        this.channelRepo = new ChannelSessionRepository(services.database);
        PairingRepository pairingRepo = new PairingRepository(services.database);
        this.outbox = new OutboxRepository(services.database);
        this.hooks = new CamelHooks(camel, producer);
        services.chat.observe(new AgentHooks(hooks));
        this.pairing = new PairingService(pairingRepo);

        Map<String, ResetPolicy> policies = new HashMap<>();
        Map<String, List<String>> allowlists = new HashMap<>();
        Set<String> enabled = new LinkedHashSet<>();
        for (String name : ChannelsConfig.PLATFORMS) {
            ChannelsConfig.Platform p = config.platform(name);
            policies.put(name, new ResetPolicy(p.resetMode(), p.resetHour(), p.resetIdleMinutes(), config.timeZone()));
            allowlists.put(name, p.allowedUsers());
            if (p.enabled()) {
                enabled.add(name);
            }
        }
        ChannelSessions channelSessions = new ChannelSessions(channelRepo, services.chat, policies,
                config.groupSessionsPerUser(), hooks, clock);
        this.guard = new BusyGuard(services.chat, config.queueLimit(), new WaitingMessageRepository(services.database));
        this.inboundKeys = new InboundKeyRepository(services.database);
        this.intake = new IntakeKeys(inboundKeys);
        this.pollers = new PollerLeases(new PollerLeaseRepository(services.database, clock), config.pollerLease());
        this.commands = new CommandDispatcher(ChatCommands.standard(services.chat, services.sessions, services.messages,
                services.stats, channelSessions, channelRepo, guard, sessionId -> summarize(services, sessionId), hooks,
                services.profiles, sessionId -> models(services), services.approvals, cron::handle, services.defaults, pairing),
                hooks);

        Map<String, TypingIndicator> typing = new HashMap<>();
        Map<String, AnswerStreams> streams = new HashMap<>();
        ChannelsConfig.Platform telegram = config.platform("telegram");
        this.telegramApi = new TelegramBotApi(telegram.setting("api-url"), telegram.enabled() ? telegram.setting("token") : "");
        this.telegramOut = new TelegramOutbound(telegramApi);
        this.telegramIdentity = new TelegramIdentity(telegramApi, telegram.setting("bot-username"));
        this.vision = new VisionSupport(() -> {
            try {
                return services.llama.vision();
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage());
            }
        }, clock);
        this.streamer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "answer-drafts");
            t.setDaemon(true);
            return t;
        });
        if (telegram.enabled()) {
            typing.put("telegram", new TelegramTyping(telegram.setting("api-url"), telegram.setting("token"), scheduler));
            if (Boolean.parseBoolean(telegram.setting("stream"))) {
                streams.put("telegram", new ThrottledDrafts("telegram", new TelegramDrafts(telegramOut), streamer,
                        java.time.Duration.ofMillis(dev.hinksbot.gateway.config.ConfigLoader.durationMillis(telegram.setting("stream-interval")))));
            }
        }
        ChannelsConfig.Platform slackConfig = config.platform("slack");
        // Slack has no typing indicator for bots on the Web API, so it has no TypingIndicator.
        com.slack.api.SlackConfig slackSdk = org.apache.camel.component.slack.helper.SlackHelper.createSlackConfig(
                slackConfig.setting("api-url").replaceAll("/+$", ""));
        // the SDK's call statistics ask auth.test for a team id around calls (with the app token too): not needed
        slackSdk.setStatsEnabled(false);
        this.slackClient = com.slack.api.Slack.getInstance(slackSdk);
        this.slack = new SlackDirectory(slackClient, slackConfig.setting("token"));
        if (slackConfig.enabled() && Boolean.parseBoolean(slackConfig.setting("stream"))) {
            streams.put("slack", new ThrottledDrafts("slack", new SlackDrafts(slackClient, slackConfig.setting("token")), streamer,
                    java.time.Duration.ofMillis(dev.hinksbot.gateway.config.ConfigLoader.durationMillis(slackConfig.setting("stream-interval")))));
        }
        Roles roles = new Roles(config.admins());
        Uploads images = new Uploads(services.workspace, Long.parseLong(telegram.setting("max-file-bytes")));
        this.workspace = services.workspace;
        this.runs = new ChatRuns(services.chat, outbound, config, typing, streams, images::dataUrl);
        this.authorize = new Authorize(new Authorizer(config.allowAllUsers(), config::pairingEnabled, pairingRepo,
                allowlists, config.allowedUsers(), roles), pairing, runs);
        this.resolveSession = new ResolveSession(channelSessions, runs);
        this.runCommand = new RunCommand(commands, runs, roles);
        this.startRun = new StartRun(guard, runs, intake);

        Map<String, PlatformSender> senders = new HashMap<>();
        if (telegram.enabled()) {
            senders.put("telegram", new CamelPlatformSender("telegram", producer, TelegramOutbound::ack, TelegramOutbound::classify,
                    TelegramOutbound::repeatable));
        }
        if (config.platform("mail").enabled()) {
            senders.put("mail", new CamelPlatformSender("mail", producer, MailOutbound::ack, MailErrors::classify));
        }
        if (slackConfig.enabled()) {
            senders.put("slack", new CamelPlatformSender("slack", producer, SlackOutbound::ack, SlackOutbound::classify,
                    SlackOutbound::repeatable));
        }
        this.dispatcher = new OutboxDispatcher(outbox, senders, config.deliveryMaxAttempts(), config.deliveryRetryDelay(),
                config.deliveryMaxRetryDelay(), clock, config.deliveryDrainTimeout(), services.metrics.deliveries());
        services.metrics.gauge("hinksbot.outbox.depth", "Outbox messages waiting to be sent (pending or sending)",
                () -> outbox.count(OutboxRepository.PENDING) + outbox.count(OutboxRepository.SENDING));
        DeliveryTargets targets = new DeliveryTargets(enabled, platform -> home(channelRepo, platform));
        this.resolveTargets = new ResolveTargets(targets, new LocalDelivery(Path.of(config.deliveryDir()), clock));
    }

    private Optional<DeliveryTarget> home(ChannelSessionRepository repo, String platform) {
        Optional<ChannelSessionRepository.Home> set = repo.home(platform);
        if (set.isPresent()) {
            return Optional.of(new DeliveryTarget(platform, set.get().chatId(), set.get().threadId()));
        }
        return DeliveryTargets.parseHome(platform, config.platform(platform).homeChannel());
    }

    /**
     * The channel components' secrets and settings (never in a URI). Routes read the gateway.* keys themselves and
     * exist only for a configured channel (their precondition), so an unconfigured channel's component stays unset.
     */
    public static void configure(ChannelsConfig config, Properties camel) {
        ChannelsConfig.Platform telegram = config.platform("telegram");
        if (telegram.enabled()) {
            camel.setProperty("camel.component.telegram.authorization-token", telegram.setting("token"));
            camel.setProperty("camel.component.telegram.base-uri", telegram.setting("api-url").replaceAll("/+$", ""));
        }
        MailEndpoints.credentials(config.platform("mail")).forEach(camel::setProperty);
        ChannelsConfig.Platform slackConfig = config.platform("slack");
        if (slackConfig.enabled()) {
            camel.setProperty("camel.component.slack.token", slackConfig.setting("token"));
        }
    }

    private static boolean socketMode(ChannelsConfig.Platform slack) {
        return !slack.setting("app-token").isEmpty();
    }

    /**
     * After Camel started: tell the chats whose answer the last stop or crash cut off (first, so the notice comes
     * before anything else this start sends them), send what the outbox still holds, answer the messages that waited
     * for a busy session when the gateway stopped (a WebSocket sender is gone: its answer is stored for when the chat
     * is opened again), and announce the start-up.
     */
    public void started() {
        queueRestartNotices();
        int forgotten = inboundKeys.prune(Instant.now().minus(KEEP_INBOUND_KEYS));
        if (forgotten > 0) {
            org.slf4j.LoggerFactory.getLogger("hinksbot.inbound").info("forgot {} inbound key(s) older than {} days",
                    forgotten, KEEP_INBOUND_KEYS.toDays());
        }
        dispatcher.start();
        if (config.platform("telegram").enabled()) {
            scheduler.execute(telegramIdentity::load); // getMe: the bot's username, for mentions and /cmd@bot in groups
        }
        RunLauncher stored = (sessionId, prompt, steering, alongside) ->
                chat.start(new ChatInput(sessionId, prompt, null, null, steering, null, alongside), event -> { }, null);
        guard.restore(origin -> origin == null ? stored : runs.launcher(origin));
        if (config.platform("slack").enabled() && !socketMode(config.platform("slack"))) {
            new SlackConsumers(camel, scheduler, SlackConsumers.RETRY).start(ChannelsConfig.list(config.platform("slack").setting("channels")));
        }
        hooks.publish("gateway:startup", Map.of("platforms", config.platforms().values().stream()
                .filter(ChannelsConfig.Platform::enabled).map(ChannelsConfig.Platform::name).toList()));
    }

    /**
     * Queues the restart notice for every interrupted chat run not told yet, through {@code direct:deliver} like any
     * answer (the route runs on this thread, so the outbox rows join the transaction that marks the run notified).
     * Also called by a graceful stop once its runs have ended, while Camel still runs: the notice waits in the outbox
     * and goes out at the next start if the dispatcher has already stopped.
     */
    public void queueRestartNotices() {
        recovery.notifyInterrupted((origin, text) -> outbound.deliver(text, "origin", InboundMessage.fromJson(origin)));
    }

    private static String summarize(GatewayServices services, String sessionId) throws Exception {
        StringBuilder transcript = new StringBuilder();
        for (StoredMessage m : services.messages.all(sessionId)) {
            if (("user".equals(m.role()) || "assistant".equals(m.role())) && m.content() != null && !m.content().isBlank()) {
                transcript.append(m.role()).append(": ").append(m.content()).append("\n\n");
            }
        }
        List<ChatMessage> prompt = new ArrayList<>();
        prompt.add(ChatMessage.system("Summarize the conversation you are given in a few short paragraphs: the facts, "
                + "decisions and open questions someone needs to continue it. Answer with the summary only."));
        prompt.add(ChatMessage.user(transcript.toString()));
        String model = services.config.defaultModel();
        return services.llama.complete(new ChatRequest(model == null || model.isBlank() ? null : model, prompt, List.of(), 600),
                new CancelSignal()).content();
    }

    private static List<String> models(GatewayServices services) {
        try {
            List<String> out = new ArrayList<>();
            services.llama.models().path("data").forEach(m -> out.add(m.path("id").asText()));
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    /**
     * The first step of a graceful stop: no new platform message is taken (consumers stop; a message in the middle of
     * being taken finishes), and no waiting message starts a run (it stays stored for the next start).
     */
    public void stopIntake() {
        if (camel.isStarted()) {
            for (org.apache.camel.Route route : camel.getRoutes()) {
                String id = route.getRouteId();
                if (INTAKE_ROUTES.contains(id) || id.startsWith("slack-in-")) {
                    try {
                        camel.getRouteController().stopRoute(id, INTAKE_STOP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        org.slf4j.LoggerFactory.getLogger(GatewayChannels.class).warn("could not stop route {}: {}", id, e.toString());
                    }
                }
            }
        }
        guard.close();
        pollers.close(); // intake stopped: a gateway standing by may take the accounts over at once
    }

    /** After the runs ended: the send in flight finishes (bounded) and its outcome is recorded. */
    @Override
    public void close() {
        guard.close();
        dispatcher.close();
        scheduler.shutdownNow();
        streamer.shutdownNow();
        try {
            slackClient.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(GatewayChannels.class).debug("closing the Slack client: {}", e.toString());
        }
    }
}
