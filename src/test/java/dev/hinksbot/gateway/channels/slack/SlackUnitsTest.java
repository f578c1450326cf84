package dev.hinksbot.gateway.channels.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.model.Message;
import dev.hinksbot.gateway.channels.InboundMessage;
import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.delivery.DeliveryException;
import dev.hinksbot.gateway.fakes.FakeSlack;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

/** Slack normalization, text, time and error classification, and the channel-name check of the config. */
class SlackUnitsTest {
    static final String TOKEN = "xoxb-unit";

    @Test
    void tsIsTheMessageTimeWithMicroseconds() {
        assertThat(SlackText.instant("1712345678.000200")).isEqualTo(Instant.ofEpochSecond(1712345678, 200_000));
        assertThat(SlackText.instant("not a ts")).isNull();
        assertThat(SlackText.unescape(SlackText.escape("a < b & c > d"))).isEqualTo("a < b & c > d");
        assertThat(SlackText.escape("<@U1> & co")).isEqualTo("&lt;@U1&gt; &amp; co");
    }

    @Test
    void normalizesChannelMessagesDmsMentionsAndThreadsAndSkipsWhatMustNotBeAnswered() {
        Instant start = Instant.now().minusSeconds(60);
        try (FakeSlack fake = FakeSlack.start(TOKEN, Map.of("general", "C0GENERAL"));
             SlackDirectory directory = new SlackDirectory(fake.baseUrl(), TOKEN)) {
            SlackInbound inbound = new SlackInbound(directory, start);
            String now = ts(Instant.now());

            InboundMessage m = inbound.normalize(message("U1", "<@" + FakeSlack.BOT_USER + "|hinksbot> what &amp; why?", now), "general");
            assertThat(m.platform()).isEqualTo("slack");
            assertThat(m.chatType()).isEqualTo(InboundMessage.CHANNEL);
            assertThat(m.chatId()).isEqualTo("C0GENERAL");
            assertThat(m.addressed()).isTrue();
            assertThat(m.text()).isEqualTo("what & why?");
            assertThat(m.messageId()).isEqualTo(now);
            assertThat(m.threadId()).isNull();

            assertThat(inbound.normalize(message("U1", "chatting", now), "general").addressed()).isFalse();
            assertThat(inbound.normalize(message("U1", "/new", now), "general").addressed()).isTrue();

            InboundMessage dm = inbound.normalize(message("U1", "hi", now), "D0DM");
            assertThat(dm.chatType()).isEqualTo(InboundMessage.DM);
            assertThat(dm.addressed()).isTrue();
            assertThat(dm.originTarget()).isEqualTo("slack:D0DM");

            Message reply = message("U1", "in a thread", now);
            reply.setThreadTs("1712345678.000100");
            reply.setSubtype("thread_broadcast");
            assertThat(inbound.normalize(reply, "general").threadId()).isEqualTo("1712345678.000100");
            Message parent = message("U1", "a thread parent", now);
            parent.setThreadTs(now);
            assertThat(inbound.normalize(parent, "general").threadId()).isNull();

            assertThat(inbound.normalize(message("U1", "old", ts(start.minus(Duration.ofMinutes(5)))), "general")).isNull();
            assertThat(inbound.normalize(message(FakeSlack.BOT_USER, "my own post", now), "general")).isNull();
            Message bot = message("U9", "another bot", now);
            bot.setBotId("B9");
            assertThat(inbound.normalize(bot, "general")).isNull();
            Message join = message("U1", "has joined", now);
            join.setSubtype("channel_join");
            assertThat(inbound.normalize(join, "general")).isNull();
            assertThat(inbound.normalize(message("U1", "unknown channel", now), "nowhere")).isNull();
            assertThat(fake.unknownMethods()).isEmpty();
        }
    }

    @Test
    void okFalseErrorsAreTransientOrPermanentBySlacksCode() {
        DeliveryException permanent = SlackErrors.classify(new CamelExchangeException(
                "Error POSTing to Slack API: ChatPostMessageResponse(ok=false, warning=null, error=channel_not_found, needed=null)", null));
        assertThat(permanent.permanent()).isTrue();
        assertThat(permanent.getMessage()).contains("channel_not_found");
        DeliveryException transientError = SlackErrors.classify(new CamelExchangeException(
                "Error POSTing to Slack API: ChatPostMessageResponse(ok=false, warning=null, error=internal_error)", null));
        assertThat(transientError.permanent()).isFalse();
        assertThat(SlackErrors.classify(new java.net.ConnectException("refused")).permanent()).isFalse();
        assertThat(SlackOutbound.classify(new IllegalArgumentException("bad channel")).permanent()).isTrue();
    }

    @Test
    void channelNamesAreChecked() throws IOException {
        assertThat(config("general, #ops").platform("slack").enabled()).isTrue();
        assertThatThrownBy(() -> config("General Chat")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.slack.channels").hasMessageContaining("General Chat");
        assertThatThrownBy(() -> config("")).isInstanceOf(ConfigException.class).hasMessageContaining("gateway.slack.channels");
    }

    private static ChannelsConfig config(String channels) throws IOException {
        Map<String, String> props = new ConfigLoader(Map.of(ConfigLoader.CONFIG_ENV, "config/application.properties"), new Properties())
                .load(Map.of("gateway.slack.token", TOKEN, "gateway.slack.channels", channels));
        return ChannelsConfig.from(props);
    }

    private static Message message(String user, String text, String ts) {
        Message m = new Message();
        m.setType("message");
        m.setUser(user);
        m.setText(text);
        m.setTs(ts);
        return m;
    }

    private static String ts(Instant at) {
        return String.format("%d.%06d", at.getEpochSecond(), at.getNano() / 1000);
    }
}
