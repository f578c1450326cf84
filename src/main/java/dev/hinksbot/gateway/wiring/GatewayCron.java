package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.channels.SessionKeys;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.config.CronConfig;
import dev.hinksbot.gateway.processors.CamelCronDelivery;
import dev.hinksbot.gateway.cron.ChatCronAgent;
import dev.hinksbot.gateway.cron.CronChatCommand;
import dev.hinksbot.gateway.cron.CronJobTool;
import dev.hinksbot.gateway.cron.CronRepository;
import dev.hinksbot.gateway.cron.CronRunner;
import dev.hinksbot.gateway.cron.CronService;
import dev.hinksbot.gateway.delivery.DeliveryTarget;
import dev.hinksbot.gateway.delivery.DeliveryTargets;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;

/**
 * The scheduled-jobs side of the object graph: job store, validation, the runner, and its surfaces (the Quartz
 * ticker bean, /api/gui/cron, /cron, the cronjob tool); {@link CronBeans} binds the beans. Built before the channels,
 * which only need {@link #command}.
 */
public final class GatewayCron implements AutoCloseable {
    final CronConfig config;
    final CronService service;
    final CronRunner runner;
    final CronChatCommand command;
    final OutboxRepository outbox;

    /** {@code deliveries}: answers go out through {@code direct:deliver} once Camel runs. */
    GatewayCron(GatewayServices services, CronConfig config, ChannelsConfig channels, ProducerTemplate deliveries) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        CronRepository repo = new CronRepository(services.database);
        Set<String> enabled = ChannelsConfig.PLATFORMS.stream().filter(p -> channels.platform(p).enabled())
                .collect(Collectors.toSet());
        // Checked when a job is saved: platforms must be configured; home channels may still be set later (/sethome).
        DeliveryTargets check = new DeliveryTargets(enabled, p -> Optional.of(new DeliveryTarget(p, "home", null)));
        this.service = new CronService(repo, config.zone(), (spec, origin) -> check.resolve(spec, origin),
                name -> services.profiles.find(name).isPresent(), clock);
        this.runner = new CronRunner(repo, new ChatCronAgent(services.chat, services.sessions, services.tools, services.profiles,
                services.defaults::get), new CamelCronDelivery(deliveries),
                new CronRunner.Settings(config.grace(), config.maxParallel(), config.timeout()), clock);
        this.command = new CronChatCommand(service, runner, services.sessions::ownerOf);
        this.outbox = new OutboxRepository(services.database);
        ChannelSessionRepository bindings = new ChannelSessionRepository(services.database);
        services.tools.register(new CronJobTool(service, runner, sessionId -> bindings.keyOfSession(sessionId)
                .map(SessionKeys::originTarget).orElse(null)).tool());
        runner.recover();
    }

    @Override
    public void close() {
        runner.close();
    }
}
