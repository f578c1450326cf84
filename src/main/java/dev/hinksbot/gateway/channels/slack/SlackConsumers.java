package dev.hinksbot.gateway.channels.slack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camel-slack consumer per configured channel: each is a route made from the {@value #TEMPLATE} route template
 * of {@code routes/slack.yaml} (YAML cannot loop over a configured list). camel-slack resolves the channel with
 * {@code conversations.list} when the route starts, so a start fails while Slack is unreachable or the channel is
 * unknown; such a channel is tried again every {@link #RETRY} instead of staying silent until the next restart.
 */
public final class SlackConsumers {
    public static final String TEMPLATE = "slack-channel";
    public static final Duration RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.slack");

    private final CamelContext camel;
    private final ScheduledExecutorService scheduler;
    private final Duration retry;

    public SlackConsumers(CamelContext camel, ScheduledExecutorService scheduler, Duration retry) {
        this.camel = camel;
        this.scheduler = scheduler;
        this.retry = retry;
    }

    public static String routeId(String channel) {
        return "slack-in-" + channel;
    }

    public void start(List<String> channels) {
        for (String channel : channels) {
            startOne(channel.replaceFirst("^#", ""));
        }
    }

    private void startOne(String channel) {
        String id = routeId(channel);
        try {
            if (camel.getRoute(id) == null) {
                TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(id).parameter("channel", channel).add();
            }
            if (camel.getRouteController().getRouteStatus(id) != ServiceStatus.Started) {
                camel.getRouteController().startRoute(id);
            }
            LOG.info("Slack channel {} is polled (route {})", channel, id);
        } catch (Exception e) {
            LOG.warn("Slack channel {} cannot be polled yet ({}); trying again in {} s", channel, rootMessage(e), retry.toSeconds());
            scheduler.schedule(() -> startOne(channel), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
