package dev.hinksbot.gateway.routes;

import dev.hinksbot.gateway.config.ConfigKeys;
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
 * configurations, the gateway.* keys of config/application.properties, and advice mode on: each test binds its beans, replaces
 * the platform endpoints with mocks, then starts the context itself. No app, no network.
 */
abstract class YamlRouteTestSupport extends CamelTestSupport {

    /** Route files under routes/ besides errors.yaml, which every test loads. */
    abstract List<String> routeFiles();

    /**
     * The gateway.* keys the routes read: the shipped defaults (config/application.properties) with every channel
     * configured (Telegram and Slack tokens, Slack over Socket Mode, plain IMAP and SMTP on a closed port) and the
     * cron tick off, so each channel route exists. A test changes them to switch routes by their precondition.
     */
    Properties placeholders() {
        Properties p = new Properties();
        ConfigKeys.shipped().gatewayDefaults().forEach(p::setProperty);
        p.setProperty("gateway.telegram.token", "123:test-token");
        p.setProperty("gateway.slack.token", "xoxb-test");
        p.setProperty("gateway.slack.app-token", "xapp-test");
        p.setProperty("gateway.slack.api-url", "http://127.0.0.1:9");
        p.setProperty("gateway.mail.security", "none");
        p.setProperty("gateway.mail.imap.host", "127.0.0.1");
        p.setProperty("gateway.mail.imap.port", "9");
        p.setProperty("gateway.mail.smtp.host", "127.0.0.1");
        p.setProperty("gateway.mail.smtp.port", "9");
        p.setProperty("gateway.mail.address", "bot@example.org");
        p.setProperty("gateway.cron.enabled", "false");
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
