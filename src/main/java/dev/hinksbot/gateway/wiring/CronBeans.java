package dev.hinksbot.gateway.wiring;

import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.config.CronConfig;
import dev.hinksbot.gateway.cron.CronTicker;
import dev.hinksbot.gateway.web.api.CronApi;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The scheduled jobs' beans ({@code routes/cron.yaml}, {@code /api/gui/cron}). Camel sets the context before it calls
 * the {@code @BindToRegistry} methods, so the job runner is built here, with a producer template of that context for
 * its deliveries; added before {@link ChannelBeans}, which needs {@link GatewayCron#command}.
 */
public final class CronBeans implements CamelConfiguration, CamelContextAware {
    private final GatewayServices services;
    private final CronConfig config;
    private final ChannelsConfig channels;
    private CamelContext camel;
    private GatewayCron cron;

    public CronBeans(GatewayServices services, CronConfig config, ChannelsConfig channels) {
        this.services = services;
        this.config = config;
        this.channels = channels;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public synchronized void setCamelContext(CamelContext camel) {
        this.camel = camel;
        this.cron = new GatewayCron(services, config, channels, camel.createProducerTemplate());
    }

    /** The job runner, or null while Camel has not reached its configuration (a start that failed early). */
    public synchronized GatewayCron cron() {
        return cron;
    }

    @BindToRegistry
    public CronTicker cronTicker() {
        return new CronTicker(cron().runner);
    }

    @BindToRegistry
    public CronApi cronApi() {
        GatewayCron c = cron();
        return new CronApi(c.service, c.runner, c.outbox);
    }
}
