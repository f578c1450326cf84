package dev.hinksbot.gateway.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;

/**
 * Loads the shipped route files from {@code routes/} (never copies) into a bare CamelContext, with errors.yaml's route
 * configurations, the placeholders the gateway would set, and advice mode on: each test binds its beans, replaces
 * the platform endpoints with mocks, then starts the context itself. No app, no network.
 */
abstract class YamlRouteTestSupport extends CamelTestSupport {

    /** Route files under routes/ besides errors.yaml, which every test loads. */
    abstract List<String> routeFiles();

    /** The hinksbot.* placeholders GatewayChannels, GatewayCron and MailEndpoints set at start-up. */
    Properties placeholders() {
        Properties p = new Properties();
        p.setProperty("hinksbot.channels.telegram", "true");
        p.setProperty("hinksbot.channels.slack", "true");
        p.setProperty("hinksbot.channels.mail", "true");
        p.setProperty("hinksbot.telegram.poll-delay", "1000");
        p.setProperty("hinksbot.slack.socket-mode", "false");
        p.setProperty("hinksbot.slack.polling", "false");
        p.setProperty("hinksbot.slack.api-url", "http://127.0.0.1:9");
        p.setProperty("hinksbot.slack.poll-delay", "1000");
        p.setProperty("hinksbot.mail.receive", "false");
        p.setProperty("hinksbot.mail.imap-scheme", "imap");
        p.setProperty("hinksbot.mail.smtp-scheme", "smtp");
        p.setProperty("hinksbot.mail.imap-host", "127.0.0.1");
        p.setProperty("hinksbot.mail.imap-port", "9");
        p.setProperty("hinksbot.mail.smtp-host", "127.0.0.1");
        p.setProperty("hinksbot.mail.smtp-port", "9");
        p.setProperty("hinksbot.mail.starttls", "false");
        p.setProperty("hinksbot.mail.poll-delay", "30000");
        p.setProperty("hinksbot.cron.enabled", "false");
        p.setProperty("hinksbot.cron.tick-millis", "1000");
        return p;
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration camel) {
        super.configureContext(camel);
        camel.withUseOverridePropertiesWithPropertiesComponent(placeholders());
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        List<RoutesBuilder> builders = new ArrayList<>();
        List<String> files = new ArrayList<>(List.of("errors.yaml"));
        files.addAll(routeFiles());
        for (String file : files) {
            builders.addAll(PluginHelper.getRoutesLoader(context)
                    .findRoutesBuilders(ResourceHelper.resolveMandatoryResource(context, "file:routes/" + file)));
        }
        return builders.toArray(RoutesBuilder[]::new);
    }
}
