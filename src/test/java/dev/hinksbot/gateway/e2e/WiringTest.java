package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.slack.SlackSocketComponent;
import dev.hinksbot.gateway.channels.telegram.ConfirmingTelegramComponent;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.web.SharedListenerWebsocketComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * Every bean name the shipped routes use is bound once the gateway runs (routes of a platform that is not configured
 * are not created, so a misnamed bean there would only fail the day a user turns the platform on), and the
 * components the gateway replaces are its own, not Camel's defaults.
 */
class WiringTest {
    /** {@code ref: x}, {@code routePolicy: x}, {@code idempotentRepository: x}, {@code bean:x}, {@code "#x"}, {@code jdbc:x}. */
    static final Pattern BEAN = Pattern.compile(
            "(?:(?:ref|routePolicy|idempotentRepository):\\s*[\"']?|bean:|jdbc:)([A-Za-z][\\w-]*)|\"#([A-Za-z][\\w-]*)\"");

    @Test
    void everyBeanTheRoutesNameIsBoundAndTheComponentsAreTheGatewaysOwn() throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = BEAN.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        assertThat(names).contains("authorize", "startRun", "writeOutbox", "sendOutbox", "telegramInbound", "mailLease",
                "intakeKeys", "sessionsApi", "openaiChatCompletions", "chatSocket", "cronTicker", "gatewayDb");
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl())) {
            Registry registry = gateway.app().camelContext().getRegistry();
            assertThat(names).allSatisfy(name -> assertThat(registry.lookupByName(name)).as(name).isNotNull());
            assertThat(registry.lookupByName("telegram")).isInstanceOf(ConfirmingTelegramComponent.class);
            assertThat(registry.lookupByName("slack-socket")).isInstanceOf(SlackSocketComponent.class);
            assertThat(registry.lookupByName("vertx-websocket")).isInstanceOf(SharedListenerWebsocketComponent.class);
        }
    }
}
