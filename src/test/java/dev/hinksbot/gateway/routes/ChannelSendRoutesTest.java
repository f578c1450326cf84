package dev.hinksbot.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.mail.MailOutbound;
import dev.hinksbot.gateway.channels.slack.SlackOutbound;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

/**
 * The send routes of telegram.yaml, slack.yaml and mail.yaml (direct:send-&lt;platform&gt;, as the outbox dispatcher
 * calls them) with the real outbound processors and the platform endpoints mocked. Under channel-send a failed send
 * must fail the exchange, so the dispatcher can retry or fail the row.
 */
class ChannelSendRoutesTest extends YamlRouteTestSupport {
    private static final Map<String, String> INTAKE = Map.of("telegram-in", "direct:telegram-in", "slack-socket-in",
            "direct:slack-socket-in", "mail-in", "direct:mail-in");

    /** mail-send's SMTP endpoint with the placeholders resolved, before the mock replaces it. */
    private String smtpUri;

    @Override
    List<String> routeFiles() {
        return List.of("telegram.yaml", "slack.yaml", "mail.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("slackOutbound", new SlackOutbound());
        registry.bind("mailOutbound", new MailOutbound("bot@example.org"));
        registry.bind("telegramOutbound", (Processor) e -> {
            if (e.getIn().getBody(String.class).equals("refused")) {
                throw new IOException("Telegram answered 429");
            }
            e.getIn().setBody("4711");
        });
        registry.bind("intakeKeys", new MemoryIdempotentRepository());
        for (String bean : List.of("telegramInbound", "slackEvents", "slackInbound", "mailInbound", "apiErrors")) {
            registry.bind(bean, (Processor) e -> { });
        }
        registry.bind("mailLease", new RoutePolicySupport() { });
    }

    /** No platform polled: the intake routes start from direct endpoints, the send routes end in mocks. */
    private void start() throws Exception {
        for (var intake : INTAKE.entrySet()) {
            AdviceWith.adviceWith(context, intake.getKey(), a -> a.replaceFromWith(intake.getValue()));
        }
        AdviceWith.adviceWith(context, "slack-send", a -> a.weaveByToUri("slack-socket:chat.postMessage").replace().to("mock:slack"));
        RouteDefinition mailSend = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition("mail-send");
        smtpUri = context.resolvePropertyPlaceholders(mailSend.getOutputs().stream()
                .filter(ToDefinition.class::isInstance).map(o -> ((ToDefinition) o).getUri()).findFirst().orElseThrow());
        AdviceWith.adviceWith(context, "mail-send", a -> a.weaveByType(ToDefinition.class).replace().to("mock:smtp"));
        context.start();
    }

    private Exchange send(String platform, String text, Map<String, Object> headers) {
        return template.send("direct:send-" + platform, e -> {
            e.getIn().setBody(text);
            e.getIn().setHeaders(new HashMap<>(headers));
        });
    }

    @Test
    void slackGetsTheCheckedChannelTheThreadAndMrkdwn() throws Exception {
        start();
        MockEndpoint slack = getMockEndpoint("mock:slack");
        slack.expectedMessageCount(1);
        slack.expectedHeaderReceived("HinksbotSlackTarget", "C0123ABC");
        slack.expectedHeaderReceived("HinksbotSlackThread", "1712345678.000100");
        slack.expectedBodiesReceived("*done*");
        Exchange done = send("slack", "**done**", Map.of("HinksbotChatId", "C0123ABC", "HinksbotThreadId", "1712345678.000100"));
        assertThat(done.getException()).isNull();
        slack.assertIsSatisfied();
    }

    @Test
    void aMalformedSlackChannelFailsTheSendAndReachesNoEndpoint() throws Exception {
        start();
        Exchange done = send("slack", "hi", Map.of("HinksbotChatId", "general"));
        assertThat(done.getException()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Slack channel id");
        assertThat(getMockEndpoint("mock:slack").getReceivedCounter()).isZero();
    }

    @Test
    void aSlackErrorReachesTheDispatcherUnhandled() throws Exception {
        start();
        getMockEndpoint("mock:slack").whenAnyExchangeReceived(e -> {
            throw new IOException("ratelimited");
        });
        Exchange done = send("slack", "hi", Map.of("HinksbotChatId", "C0123ABC"));
        assertThat(done.getException()).isInstanceOf(IOException.class).hasMessage("ratelimited");
        assertThat(done.getMessage().getBody(String.class)).as("not turned into the API's JSON error").isEqualTo("hi");
    }

    @Test
    void mailGoesToSmtpAsAMimeMessageToTheTarget() throws Exception {
        start();
        MockEndpoint smtp = getMockEndpoint("mock:smtp");
        smtp.expectedMessageCount(1);
        Exchange done = send("mail", "# Weekly report\nAll good.", Map.of("HinksbotChatId", "ann@example.org"));
        assertThat(done.getException()).isNull();
        smtp.assertIsSatisfied();
        assertThat(smtpUri).startsWith("smtp://127.0.0.1:9?");
        MimeMessage mail = smtp.getReceivedExchanges().get(0).getIn().getBody(MimeMessage.class);
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("ann@example.org");
        assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("bot@example.org");
        assertThat(mail.getSubject()).isEqualTo("Weekly report");
    }

    @Test
    void anSmtpFailureReachesTheDispatcherUnhandled() throws Exception {
        start();
        getMockEndpoint("mock:smtp").whenAnyExchangeReceived(e -> {
            throw new IOException("421 try again later");
        });
        Exchange done = send("mail", "hi", Map.of("HinksbotChatId", "ann@example.org"));
        assertThat(done.getException()).isInstanceOf(IOException.class).hasMessage("421 try again later");
    }

    @Test
    void telegramSendsThroughItsProcessorAndAnswersTheMessageId() throws Exception {
        start();
        Exchange done = send("telegram", "hi", Map.of("HinksbotChatId", "42"));
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("4711");
        Exchange refused = send("telegram", "refused", Map.of("HinksbotChatId", "42"));
        assertThat(refused.getException()).isInstanceOf(IOException.class).hasMessage("Telegram answered 429");
    }
}
