package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.channels.LeaseHeartbeat;
import dev.hinksbot.gateway.channels.OneLinePollStrategy;
import dev.hinksbot.gateway.channels.PollerLeases;
import dev.hinksbot.gateway.channels.mail.MailInbound;
import dev.hinksbot.gateway.channels.mail.MailOutbound;
import dev.hinksbot.gateway.channels.media.Uploads;
import dev.hinksbot.gateway.channels.slack.SlackDirectory;
import dev.hinksbot.gateway.channels.slack.SlackEvents;
import dev.hinksbot.gateway.channels.slack.SlackInbound;
import dev.hinksbot.gateway.channels.slack.SlackOutbound;
import dev.hinksbot.gateway.channels.slack.SlackSocketComponent;
import dev.hinksbot.gateway.channels.telegram.ConfirmingTelegramComponent;
import dev.hinksbot.gateway.channels.telegram.TelegramFiles;
import dev.hinksbot.gateway.channels.telegram.TelegramInbound;
import dev.hinksbot.gateway.channels.telegram.TelegramOutbound;
import dev.hinksbot.gateway.channels.websocket.ChatSocketProcessor;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.processors.Authorize;
import dev.hinksbot.gateway.processors.FetchFiles;
import dev.hinksbot.gateway.processors.ResolveSession;
import dev.hinksbot.gateway.processors.ResolveTargets;
import dev.hinksbot.gateway.processors.RunCommand;
import dev.hinksbot.gateway.processors.SendOutbox;
import dev.hinksbot.gateway.processors.StartRun;
import dev.hinksbot.gateway.processors.WriteOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The beans of the core path ({@code routes/inbound.yaml}), delivery ({@code routes/delivery.yaml}) and the chat
 * platforms ({@code telegram.yaml}, {@code slack.yaml}, {@code mail.yaml}, {@code websocket-chat.yaml}). Camel sets the
 * context before it calls the {@code @BindToRegistry} methods, so the messaging graph is built here with it (answers,
 * hooks and sends go through its routes); added after {@link CronBeans}, whose {@code /cron} command it needs.
 */
public final class ChannelBeans implements CamelConfiguration, CamelContextAware {
    private final GatewayServices services;
    private final ChannelsConfig config;
    private final CronBeans cron;
    private CamelContext camel;
    private GatewayChannels channels;

    public ChannelBeans(GatewayServices services, ChannelsConfig config, CronBeans cron) {
        this.services = services;
        this.config = config;
        this.cron = cron;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public synchronized void setCamelContext(CamelContext camel) {
        this.camel = camel;
        this.channels = new GatewayChannels(services, config, camel, cron.cron().command);
    }

    /** The messaging graph, or null while Camel has not reached its configuration (a start that failed early). */
    public synchronized GatewayChannels channels() {
        return channels;
    }

    // the steps of direct:inbound (routes/inbound.yaml)

    @BindToRegistry
    public Authorize authorize() {
        return channels().authorize;
    }

    @BindToRegistry
    public FetchFiles fetchFiles() {
        return new FetchFiles(channels().runs);
    }

    @BindToRegistry
    public ResolveSession resolveSession() {
        return channels().resolveSession;
    }

    @BindToRegistry
    public RunCommand runCommand() {
        return channels().runCommand;
    }

    @BindToRegistry
    public StartRun startRun() {
        return channels().startRun;
    }

    /** The idempotent repository of the channel intake routes: each platform message is taken once. */
    @BindToRegistry
    public IntakeKeys intakeKeys() {
        return channels().intake;
    }

    // the steps of direct:deliver and the outbox sender (routes/delivery.yaml)

    @BindToRegistry
    public ResolveTargets resolveTargets() {
        return channels().resolveTargets;
    }

    @BindToRegistry
    public WriteOutbox writeOutbox() {
        return new WriteOutbox(channels().outbox);
    }

    @BindToRegistry
    public SendOutbox sendOutbox() {
        return new SendOutbox(channels().dispatcher);
    }

    // Telegram (routes/telegram.yaml)

    /** camel-telegram with a consumer that confirms an update only once it is stored (and resumes from the store). */
    @BindToRegistry
    public ConfirmingTelegramComponent telegram() {
        return new ConfirmingTelegramComponent(channels().inboundKeys, channels().pollers);
    }

    @BindToRegistry
    public TelegramInbound telegramInbound() {
        GatewayChannels c = channels();
        return new TelegramInbound(c.telegramIdentity::username, new TelegramFiles(c.telegramApi,
                new Uploads(c.workspace, Long.parseLong(config.platform("telegram").setting("max-file-bytes"))), c.vision));
    }

    @BindToRegistry
    public TelegramOutbound telegramOutbound() {
        return channels().telegramOut;
    }

    /** camel-telegram's messages hold the Bot API URL, bot token included. */
    @BindToRegistry
    public OneLinePollStrategy telegramPollStrategy() {
        return new OneLinePollStrategy("hinksbot.telegram", "Telegram getUpdates",
                message -> message.replaceAll("/bot[^/\\s]+/", "/bot***/"));
    }

    // mail (routes/mail.yaml)

    @BindToRegistry
    public MailInbound mailInbound() {
        ChannelsConfig.Platform mail = config.platform("mail");
        return new MailInbound(mail.setting("address"),
                new Uploads(channels().workspace, Long.parseLong(mail.setting("max-attachment-bytes"))), channels().vision);
    }

    @BindToRegistry
    public MailOutbound mailOutbound() {
        return new MailOutbound(config.platform("mail").setting("address"));
    }

    /**
     * One gateway per mailbox polls it (camel-mail's ScheduledPollConsumer skips a poll whose begin() is false).
     * JavaMail's messages never hold the password (it lives on the component).
     */
    @BindToRegistry
    public OneLinePollStrategy mailPollStrategy() {
        String mailbox = mailbox();
        PollerLeases pollers = channels().pollers;
        return new OneLinePollStrategy("hinksbot.mail", "IMAP poll", UnaryOperator.identity(), () -> pollers.mayPoll(mailbox));
    }

    /** Keeps the mailbox's lease between polls that are further apart than the lease. */
    @BindToRegistry
    public LeaseHeartbeat mailLease() {
        return new LeaseHeartbeat(channels().pollers, mailbox(), config.pollerLease());
    }

    private String mailbox() {
        return "mail:" + config.platform("mail").setting("address").toLowerCase(Locale.ROOT);
    }

    // Slack (routes/slack.yaml)

    /** Messages written before this start are never answered (camel-slack's first poll returns an old one). */
    @BindToRegistry
    public SlackInbound slackInbound() {
        return new SlackInbound(channels().slack, Instant.now());
    }

    @BindToRegistry
    public SlackOutbound slackOutbound() {
        return new SlackOutbound();
    }

    /**
     * Slack polling (no app-level token): one gateway per bot polls, the one holding the lease {@code slack:<bot user
     * id>} (from auth.test; until Slack answers it nobody polls, as the poll could not work either). A failed poll is
     * one line.
     */
    @BindToRegistry
    public OneLinePollStrategy slackPollStrategy() {
        SlackDirectory slack = channels().slack;
        PollerLeases pollers = channels().pollers;
        return new OneLinePollStrategy("hinksbot.slack", "Slack conversations.history", UnaryOperator.identity(),
                () -> slack.identity().map(me -> pollers.mayPoll("slack:" + me.userId())).orElse(false));
    }

    @BindToRegistry
    public SlackEvents slackEvents() {
        return new SlackEvents(channels().slack, ChannelsConfig.list(config.platform("slack").setting("channels")),
                (channel, threadTs) -> channels().channelRepo.hasThread("slack", channel, threadTs),
                config.platform("slack").setting("command"));
    }

    /** Slack over Socket Mode (an app-level token); the name is the URI scheme routes use. */
    @BindToRegistry("slack-socket")
    public SlackSocketComponent slackSocket() {
        ChannelsConfig.Platform slack = config.platform("slack");
        return new SlackSocketComponent(channels().slackClient, slack.setting("token"), slack.setting("app-token"),
                Duration.ofSeconds(5), channels().pollers, config.pollerLease());
    }

    // the browser chat (routes/websocket-chat.yaml)

    @BindToRegistry
    public ChatSocketProcessor chatSocket() {
        GatewayChannels c = channels();
        ChatSocketProcessor socket = new ChatSocketProcessor(services.chat,
                (int) Math.min(services.config.maxBodyBytes(), Integer.MAX_VALUE), c.commands, c.guard,
                config.platform("websocket").busyMode(), services.approvals);
        services.metrics.gauge("hinksbot.websockets.open", "Open chat WebSocket connections", socket::openConnections);
        return socket;
    }
}
