package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.config.ConfigKeys;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import dev.hinksbot.gateway.channels.OneLinePollStrategy;
import java.util.function.UnaryOperator;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.telegram.TelegramComponent;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The channel routes (telegram.yaml, slack.yaml, mail.yaml) and cron.yaml's tick are switched by their precondition on
 * the user's own gateway.* keys (config/application.properties): an unconfigured channel has no route and no endpoint
 * at all, a configured one exactly its routes, with endpoint URIs built from the keys and never holding a secret.
 */
class RoutePreconditionsTest {
    private static final List<String> FILES = List.of("errors.yaml", "telegram.yaml", "slack.yaml", "mail.yaml");

    @Test
    void withTheShippedDefaultsNoChannelRouteOrEndpointExists() throws Exception {
        try (DefaultCamelContext camel = load(Map.of())) {
            assertThat(routeIds(camel)).isEmpty();
            assertThat(camel.getEndpoints()).extracting(Endpoint::getEndpointUri)
                    .noneMatch(uri -> uri.matches("(telegram|slack|slack-socket|imaps?|smtps?):.*"));
        }
    }

    @Test
    void aTelegramTokenCreatesTheTelegramRoutesOnlyAndStaysOutOfTheUri() throws Exception {
        try (DefaultCamelContext camel = load(Map.of("gateway.telegram.token", "123:SECRET", "gateway.telegram.poll-delay", "2"))) {
            assertThat(routeIds(camel)).containsExactlyInAnyOrder("telegram-in", "telegram-send");
            String from = fromUri(camel, "telegram-in");
            // a bare duration is seconds in the gateway's config, and the endpoint option takes milliseconds
            assertThat(from).startsWith("telegram:bots?").contains("delay=2000").doesNotContain("SECRET");
        }
    }

    @Test
    void slackWithAnAppTokenComesOverSocketModeAndWithoutOneIsPolled() throws Exception {
        try (DefaultCamelContext camel = load(Map.of("gateway.slack.token", "xoxb-1", "gateway.slack.app-token", "xapp-1"))) {
            assertThat(routeIds(camel)).containsExactlyInAnyOrder("slack-socket-in", "slack-intake", "slack-send");
        }
        try (DefaultCamelContext camel = load(Map.of("gateway.slack.token", "xoxb-1", "gateway.slack.channels", "general"))) {
            assertThat(routeIds(camel)).containsExactlyInAnyOrder("slack-in", "slack-intake", "slack-send");
        }
    }

    @Test
    void smtpAloneSendsMailAndImapAlsoReceivesItWithTheSchemeOfTheSecuritySetting() throws Exception {
        Map<String, String> smtpOnly = Map.of("gateway.mail.smtp.host", "smtp.example.org", "gateway.mail.address", "bot@example.org",
                "gateway.mail.password", "SECRET");
        try (DefaultCamelContext camel = load(smtpOnly)) {
            assertThat(routeIds(camel)).containsExactly("mail-send");
            assertThat(sendUri(camel, "mail-send")).startsWith("smtps://smtp.example.org:465?")
                    .contains("mail.smtp.starttls.required=false").doesNotContain("SECRET");
        }
        try (DefaultCamelContext camel = load(Map.of("gateway.mail.smtp.host", "smtp.example.org", "gateway.mail.imap.host",
                "imap.example.org", "gateway.mail.imap.port", "143", "gateway.mail.smtp.port", "587",
                "gateway.mail.security", "starttls", "gateway.mail.poll-delay", "1m"))) {
            assertThat(routeIds(camel)).containsExactlyInAnyOrder("mail-in", "mail-send");
            assertThat(fromUri(camel, "mail-in")).startsWith("imap://imap.example.org:143?")
                    .contains("mail.imap.starttls.required=true").contains("delay=60000");
            assertThat(sendUri(camel, "mail-send")).startsWith("smtp://smtp.example.org:587?").contains("mail.smtp.starttls.enable=true");
        }
    }

    @Test
    void theCronTickExistsOnlyWhileCronIsEnabledAndTicksAtTheConfiguredInterval() throws Exception {
        try (DefaultCamelContext camel = load(List.of("cron.yaml"), Map.of("gateway.cron.enabled", "false"))) {
            assertThat(routeIds(camel)).isEmpty();
            assertThat(camel.getEndpoints()).extracting(Endpoint::getEndpointUri).noneMatch(uri -> uri.startsWith("quartz:"));
        }
        try (DefaultCamelContext camel = load(List.of("cron.yaml"), Map.of("gateway.cron.tick", "3"))) {
            assertThat(routeIds(camel)).containsExactly("cron-tick");
            assertThat(fromUri(camel, "cron-tick")).contains("trigger.repeatInterval=3000");
        }
    }

    private static DefaultCamelContext load(Map<String, String> keys) throws Exception {
        return load(FILES, keys);
    }

    /** Route files in a context whose properties are the shipped defaults with {@code keys} on top. */
    private static DefaultCamelContext load(List<String> files, Map<String, String> keys) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties p = new Properties();
        ConfigKeys.shipped().gatewayDefaults().forEach(p::setProperty);
        keys.forEach(p::setProperty);
        camel.getPropertiesComponent().setOverrideProperties(p);
        if (files.contains("cron.yaml")) {
            // only the tick: the file's REST endpoints need the HTTP server this test does not start
            camel.getCamelContextExtension().getContextPlugin(Model.class).setRouteFilterPattern("cron-tick", null);
        }
        for (String file : files) {
            for (var builder : PluginHelper.getRoutesLoader(camel)
                    .findRoutesBuilders(ResourceHelper.resolveMandatoryResource(camel, "file:routes/" + file))) {
                camel.addRoutes(builder);
            }
        }
        return camel;
    }

    /**
     * The routes Camel creates on start (their preconditions evaluated, as the gateway's start does), none of them
     * started: the beans they name are no-ops and Slack's Socket Mode component a direct one, so nothing is polled.
     */
    private static List<String> routeIds(DefaultCamelContext camel) throws Exception {
        for (String bean : List.of("telegramInbound", "telegramOutbound", "slackEvents", "slackInbound", "slackOutbound",
                "mailInbound", "mailOutbound", "apiErrors")) {
            camel.getRegistry().bind(bean, (Processor) e -> { });
        }
        camel.getRegistry().bind("cronTicker", new CronRouteTest.CountingTicker());
        camel.getRegistry().bind("intakeKeys", new MemoryIdempotentRepository());
        camel.getRegistry().bind("telegramPollStrategy", new OneLinePollStrategy("test", "poll", UnaryOperator.identity()));
        camel.getRegistry().bind("mailPollStrategy", new OneLinePollStrategy("test", "poll", UnaryOperator.identity()));
        camel.getRegistry().bind("mailLease", new RoutePolicySupport() { });
        camel.getRegistry().bind("slack-socket", new DirectComponent());
        camel.getComponent("telegram", TelegramComponent.class).setAuthorizationToken("123:SECRET");
        camel.setAutoStartup(false);
        camel.start();
        return camel.getRoutes().stream().map(Route::getRouteId).toList();
    }

    private static RouteDefinition route(DefaultCamelContext camel, String id) {
        return camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class).getRouteDefinition(id);
    }

    private static String fromUri(DefaultCamelContext camel, String id) {
        return camel.resolvePropertyPlaceholders(route(camel, id).getInput().getEndpointUri());
    }

    private static String sendUri(DefaultCamelContext camel, String id) {
        return camel.resolvePropertyPlaceholders(route(camel, id).getOutputs().stream().filter(ToDefinition.class::isInstance)
                .map(o -> ((ToDefinition) o).getUri()).findFirst().orElseThrow());
    }
}
