package dev.hinksbot.gateway.channels.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.Message;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ChannelsConfig;
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
        try (FakeSlack fake = FakeSlack.start(TOKEN, Map.of("general", "C0GENERAL"))) {
            SlackDirectory directory = new SlackDirectory(slack(fake), TOKEN);
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
        DeliveryException permanent = SlackErrors.classify(new CamelExchangeException("route failed", null,
                new SlackRefusal("channel_not_found")));
        assertThat(permanent.permanent()).isTrue();
        assertThat(permanent.getMessage()).contains("channel_not_found");
        DeliveryException transientError = SlackErrors.classify(new SlackRefusal("internal_error"));
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

    @Test
    void socketModeNeedsAnAppLevelTokenAndNoChannels() throws IOException {
        assertThat(config("", "xapp-1-A0-123-abc").platform("slack").enabled()).isTrue();
        assertThat(config("general, C0123ABCD", "xapp-1-A0-123-abc").platform("slack").enabled()).isTrue();
        assertThatThrownBy(() -> config("C0123ABCD", "")).isInstanceOf(ConfigException.class).hasMessageContaining("C0123ABCD");
        // the bot token pasted into the app-token key: a clear line that does not print the token
        assertThatThrownBy(() -> config("", "xoxb-secret-bot-token")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.slack.app-token").hasMessageContaining("xapp-").message().doesNotContain("secret-bot-token");
    }

    @Test
    void theSlashCommandNameIsChecked() throws IOException {
        assertThat(config("", "xapp-1-A0-123-abc").platform("slack").setting("command")).isEqualTo("/hinksbot");
        Map<String, String> props = new ConfigLoader(Map.of(ConfigLoader.CONFIG_ENV, "config/application.properties"), new Properties())
                .load(Map.of("gateway.slack.token", TOKEN, "gateway.slack.app-token", "xapp-1-A0-123-abc", "gateway.slack.command", "hinks bot"));
        assertThatThrownBy(() -> ChannelsConfig.from(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.slack.command").hasMessageContaining("/hinksbot");
    }

    @Test
    void markdownBecomesSlackMrkdwn() {
        assertThat(SlackMarkdown.render("**Bold** and __also bold__, *italic*, ~~gone~~")).isEqualTo("*Bold* and *also bold*, _italic_, ~gone~");
        assertThat(SlackMarkdown.render("See [the docs](https://example.com/a?b=1&c=2) now"))
                .isEqualTo("See <https://example.com/a?b=1&amp;c=2|the docs> now");
        assertThat(SlackMarkdown.render("# Title\n- one\n* two\n> quoted & <b>"))
                .isEqualTo("*Title*\n• one\n• two\n> quoted &amp; &lt;b&gt;");
        // code keeps its stars and brackets (escaped for Slack), and a fence loses its language name
        assertThat(SlackMarkdown.render("Run `a**b**` then:\n```python\nx = a * b < c\nprint(**kw)\n```\ndone"))
                .isEqualTo("Run `a**b**` then:\n```\nx = a * b &lt; c\nprint(**kw)\n```\ndone");
        // text cannot forge a mention or a link
        assertThat(SlackMarkdown.render("<@U123> <!channel> <https://evil|click>")).isEqualTo("&lt;@U123&gt; &lt;!channel&gt; &lt;https://evil|click&gt;");
        assertThat(SlackMarkdown.render("2 * 3 * 4 and snake_case_name")).isEqualTo("2 * 3 * 4 and snake_case_name");
    }

    @Test
    void socketModeEventsAreDmsMentionsListenedChannelsAndKnownThreads() throws Exception {
        try (FakeSlack fake = FakeSlack.start(TOKEN, Map.of("general", "C0GENERAL", "ops", "C0OPS"))) {
            // the store knows one thread answered before this start
            SlackEvents events = new SlackEvents(new SlackDirectory(slack(fake), TOKEN), java.util.List.of("ops"),
                    (channel, ts) -> channel.equals("C0GENERAL") && ts.equals("1712340000.000100"), "/hinksbot");
            String bot = "<@" + FakeSlack.BOT_USER + ">";

            InboundMessage dm = events.normalize(payload(fake.messageEvent("message", "D0DM", "im", "U1", "/new", "1712345678.000100", null)));
            assertThat(dm.chatType()).isEqualTo(InboundMessage.DM);
            assertThat(dm.text()).isEqualTo("/new");
            assertThat(dm.threadId()).isNull();
            assertThat(dm.originTarget()).isEqualTo("slack:D0DM");

            InboundMessage mention = events.normalize(payload(fake.messageEvent("app_mention", "C0GENERAL", null, "U1",
                    bot + " what &amp; why?", "1712345678.000200", null)));
            assertThat(mention.chatType()).isEqualTo(InboundMessage.CHANNEL);
            assertThat(mention.text()).isEqualTo("what & why?");
            // a top-level mention is answered in a thread under it
            assertThat(mention.originTarget()).isEqualTo("slack:C0GENERAL:1712345678.000200");
            // the message event of the same mention normalizes to the same message (one inbound key)
            assertThat(events.normalize(payload(fake.messageEvent("message", "C0GENERAL", "channel", "U1",
                    bot + " what &amp; why?", "1712345678.000200", null)))).isEqualTo(mention);

            // channel talk is not for the bot, unless in a listened channel or in a thread the bot answers in
            assertThat(events.normalize(payload(fake.messageEvent("message", "C0GENERAL", "channel", "U1", "lunch?", "1712345678.000300", null)))).isNull();
            assertThat(events.normalize(payload(fake.messageEvent("message", "C0GENERAL", "channel", "U1", "more", "1712345678.000400",
                    "1712345600.000100")))).isNull();
            InboundMessage followUp = events.normalize(payload(fake.messageEvent("message", "C0GENERAL", "channel", "U2", "and then?",
                    "1712345678.000500", "1712345678.000200")));
            assertThat(followUp.originTarget()).isEqualTo("slack:C0GENERAL:1712345678.000200");
            // a thread answered before a restart is still followed
            assertThat(events.normalize(payload(fake.messageEvent("message", "C0GENERAL", "channel", "U2", "still there?",
                    "1712345678.000550", "1712340000.000100"))).originTarget()).isEqualTo("slack:C0GENERAL:1712340000.000100");
            assertThat(events.normalize(payload(fake.messageEvent("message", "C0OPS", "channel", "U1", "deploy?", "1712345678.000600", null)))
                    .originTarget()).isEqualTo("slack:C0OPS:1712345678.000600");

            // bots, the bot itself, edits and joins are never answered
            ObjectNode other = fake.messageEvent("message", "D0DM", "im", "U9", "beep", "1712345678.000700", null);
            other.put("bot_id", "B9");
            assertThat(events.normalize(payload(other))).isNull();
            assertThat(events.normalize(payload(fake.messageEvent("message", "D0DM", "im", FakeSlack.BOT_USER, "me", "1712345678.000800", null)))).isNull();
            ObjectNode edit = fake.messageEvent("message", "D0DM", "im", "U1", "edited", "1712345678.000900", null);
            edit.put("subtype", "message_changed");
            assertThat(events.normalize(payload(edit))).isNull();
            ObjectNode reaction = fake.messageEvent("reaction_added", "D0DM", "im", "U1", "x", "1712345678.001000", null);
            assertThat(events.normalize(payload(reaction))).isNull();
            assertThat(fake.unknownMethods()).isEmpty();
        }
    }

    private static ObjectNode payload(ObjectNode event) {
        ObjectNode p = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "event_callback");
        p.set("event", event);
        return p;
    }

    private static com.slack.api.Slack slack(FakeSlack fake) {
        return com.slack.api.Slack.getInstance(org.apache.camel.component.slack.helper.SlackHelper.createSlackConfig(fake.baseUrl()));
    }

    private static ChannelsConfig config(String channels) throws IOException {
        return config(channels, "");
    }

    private static ChannelsConfig config(String channels, String appToken) throws IOException {
        Map<String, String> props = new ConfigLoader(Map.of(ConfigLoader.CONFIG_ENV, "config/application.properties"), new Properties())
                .load(Map.of("gateway.slack.token", TOKEN, "gateway.slack.channels", channels, "gateway.slack.app-token", appToken));
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

    @Test
    void theLeaseOfASocketModeAppIsNamedByItsAppIdOrAHashNeverByTheToken() {
        assertThat(SlackSocketComponent.account("xapp-1-A0123ABCD-4567890123-0f1e2d3c4b5a")).isEqualTo("slack:A0123ABCD");
        String odd = "xapp-some-other-shape-secret";
        assertThat(SlackSocketComponent.account(odd)).matches("slack:[0-9a-f]{12}").doesNotContain("secret")
                .isEqualTo(SlackSocketComponent.account(odd)).isNotEqualTo(SlackSocketComponent.account(odd + "2"));
    }

    private static String ts(Instant at) {
        return String.format("%d.%06d", at.getEpochSecond(), at.getNano() / 1000);
    }
}
