package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.model.Message;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import dev.hinksbot.gateway.fakes.FakeSlack;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack end to end in polling mode (no app-level token; Socket Mode is {@link SlackSocketModeTest}): the real gateway
 * with camel-slack against a Slack Web API fake (two polled channels, general and ops; random is only a delivery
 * target), Telegram against its fake, and a scripted llama-server.
 */
class SlackChannelTest {
    static final String TOKEN = "xoxb-test-slack-token";
    static final String TELEGRAM_TOKEN = "555:SLACK-TEST-telegram";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String GENERAL = "C0GENERAL";
    static final String OPS = "C0OPS";
    static final String RANDOM = "C0RANDOM";
    static final String BOT = "<@" + FakeSlack.BOT_USER + ">";
    static final FakeSlack slack = slackWithHistory();
    static final FakeTelegram telegram = FakeTelegram.start(TELEGRAM_TOKEN);

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.slack.token", TOKEN, "gateway.slack.stream", "false",
            "gateway.slack.api-url", slack.baseUrl(),
            "gateway.slack.channels", "general, #ops",
            "gateway.slack.allowed-users", "U0ALICE,U0BOB,U0CAROL,U0DAVE,U0ERIN",
            "gateway.slack.home-channel", OPS,
            "gateway.slack.poll-delay", "100ms",
            "gateway.slack.tool-progress", "off",
            "gateway.telegram.token", TELEGRAM_TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111",
            "gateway.admins", "telegram:111", // /sethome is an admin's
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off",
            "gateway.delivery.retry-delay", "200ms");

    /** The channel already holds a message addressed to the bot, written an hour before the gateway starts. */
    static FakeSlack slackWithHistory() {
        FakeSlack fake = FakeSlack.start(TOKEN, Map.of("general", GENERAL, "ops", OPS, "random", RANDOM));
        fake.oldMessage(GENERAL, "U0ALICE", BOT + " this is from yesterday", Instant.now().minus(Duration.ofHours(1)));
        return fake;
    }

    @AfterAll
    static void stopFakes() {
        assertThat(slack.unknownMethods()).as("Slack methods the fake does not know").isEmpty();
        slack.close();
        telegram.close();
    }

    @Test
    void anAllowedUserMentionsTheBotInAChannelAndTheAnswerIsPostedThereOnceWithoutALoop() throws Exception {
        live.llama().enqueue(Reply.text("Hello from HinksBot on Slack & friends <3"));
        int requestsBefore = live.llama().chatRequests().size();
        slack.userSays(GENERAL, "U0ALICE", "just talking among ourselves");
        slack.userSays(GENERAL, "U0ALICE", BOT + " Hello bot, is 1 < 2 & 3 > 2?");
        FakeSlack.Post answer = slack.awaitTo(GENERAL, t -> t.contains("HinksBot on Slack"), WAIT);
        // Slack text is escaped on the wire both ways
        assertThat(answer.text()).isEqualTo("Hello from HinksBot on Slack &amp; friends &lt;3");
        assertThat(live.llama().lastChatRequest().toString()).contains("Hello bot, is 1 < 2 & 3 > 2?")
                .doesNotContain(FakeSlack.BOT_USER).doesNotContain("among ourselves");
        // The bot's own post comes back through conversations.history: it is never answered.
        slack.awaitPolls(GENERAL, 5, WAIT);
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore + 1);
        assertThat(slack.postsTo(GENERAL)).filteredOn(p -> p.text().contains("HinksBot on Slack")).hasSize(1);
        JsonNode row = awaitOutboxRow("Hello from HinksBot on Slack & friends <3", "delivered");
        assertThat(row.path("platform").asText()).isEqualTo("slack");
        assertThat(row.path("ack_id").asText()).as("Slack's ts of the post").isEqualTo(answer.ts());
    }

    @Test
    void everyConfiguredChannelIsPolledAndDirectAnswersNeedNoMentionInADm() throws Exception {
        live.llama().enqueue(Reply.text("Ops answer."));
        slack.userSays(OPS, "U0BOB", BOT + " status of the deploy?");
        slack.awaitTo(OPS, t -> t.equals("Ops answer."), WAIT);
        assertThat(live.llama().lastChatRequest().toString()).contains("status of the deploy?");
    }

    @Test
    void aMessageWrittenBeforeStartUpIsNeverAnswered() throws Exception {
        slack.awaitPolls(GENERAL, 5, WAIT);
        assertThat(live.llama().chatRequests()).noneMatch(r -> r.toString().contains("from yesterday"));
        assertThat(slack.postsTo(GENERAL)).noneMatch(p -> p.text().contains("yesterday"));
    }

    @Test
    void botsAndSystemMessagesAreNotAnswered() throws Exception {
        int requestsBefore = live.llama().chatRequests().size();
        slack.addRaw(OPS, slack.newItem().put("subtype", "bot_message").put("bot_id", "B0OTHER").put("text", BOT + " ping"));
        slack.addRaw(OPS, slack.newItem().put("user", "U0OTHERBOT").put("bot_id", "B0OTHER").put("text", BOT + " ping again"));
        slack.addRaw(OPS, slack.newItem().put("subtype", "channel_join").put("user", "U0BOB").put("text", BOT + " has joined"));
        slack.addRaw(OPS, slack.newItem().put("user", FakeSlack.BOT_USER).put("text", BOT + " talking to myself"));
        slack.awaitPolls(OPS, 5, WAIT);
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);
        assertThat(slack.postsTo(OPS)).noneMatch(p -> p.text().contains("ping") || p.text().contains("joined"));
    }

    @Test
    void aStrangerInAChannelIsIgnoredAndAStrangerInADmGetsAPairingCode() throws Exception {
        int requestsBefore = live.llama().chatRequests().size();
        int postsBefore = slack.postsTo(GENERAL).size();
        slack.userSays(GENERAL, "U0STRANGER", BOT + " who are you?");
        slack.awaitPolls(GENERAL, 5, WAIT);
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);
        assertThat(slack.postsTo(GENERAL)).hasSize(postsBefore);

        // camel-slack cannot poll direct messages (it finds conversations by name, and DMs have none), so the DM
        // enters where the consumers hand over their messages.
        Message dm = new Message();
        dm.setType("message");
        dm.setUser("U0STRANGER");
        dm.setText("let me in");
        dm.setTs(String.format("%d.000100", Instant.now().getEpochSecond() + 1));
        template().sendBodyAndHeader("direct:slack-inbound", dm, "HinksbotSlackChannel", "D0STRANGER");
        FakeSlack.Post pairing = slack.awaitTo("D0STRANGER", t -> t.contains("Pairing code"), WAIT);
        assertThat(pairing.text()).containsPattern("Pairing code: [A-Z2-9]{8}");
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);
    }

    @Test
    void twoRateLimitsWithRetryAfterThenSuccessDeliverExactlyOnce() throws Exception {
        live.llama().enqueue(Reply.text("Patience pays on Slack."));
        slack.rateLimitNextPosts(2, 1);
        int attemptsBefore = slack.postAttempts();
        long t0 = System.nanoTime();
        slack.userSays(OPS, "U0CAROL", BOT + " are you rate limited?");
        slack.awaitTo(OPS, t -> t.equals("Patience pays on Slack."), WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(slack.postAttempts() - attemptsBefore).isEqualTo(3);
        assertThat(slack.postsTo(OPS)).filteredOn(p -> p.text().equals("Patience pays on Slack.")).hasSize(1);
        JsonNode row = awaitOutboxRow("Patience pays on Slack.", "delivered");
        assertThat(row.path("attempts").asInt()).as("a 429 says 'later', not 'no': not a failed attempt").isEqualTo(1);
        assertThat(row.toString()).doesNotContain(TOKEN);
    }

    @Test
    void anOkFalseAnswerIsNotDeliveredAndAThreadTargetIsPostedInItsThread() throws Exception {
        slack.failNextPosts(1, "not_in_channel");
        deliver("This post is refused.", "slack:" + RANDOM, null);
        JsonNode refused = awaitOutboxRow("This post is refused.", "failed");
        assertThat(refused.path("attempts").asInt()).isEqualTo(1);
        assertThat(refused.toString()).contains("not_in_channel").doesNotContain(TOKEN);
        assertThat(slack.postsTo(RANDOM)).noneMatch(p -> p.text().contains("refused"));

        deliver("Into a thread.", "slack:" + RANDOM + ":1712345678.000100", null);
        FakeSlack.Post threaded = slack.awaitTo(RANDOM, t -> t.equals("Into a thread."), WAIT);
        assertThat(threaded.params().get("thread_ts")).isEqualTo("1712345678.000100");
        deliver("Into no thread.", "slack:" + RANDOM + ":not-a-ts", null);
        assertThat(awaitOutboxRow("Into no thread.", "failed").toString()).contains("not a Slack thread");
    }

    @Test
    void aLongAnswerIsSplitAtSlacksLimitWithoutDuplicates() throws Exception {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 6000) {
            b.append("Slack sentence ").append(i++).append(" of a long answer. ");
        }
        String answer = b.toString().strip();
        String lastSentence = "Slack sentence " + (i - 1) + " ";
        live.llama().enqueue(Reply.text(answer));
        slack.userSays(OPS, "U0DAVE", BOT + " tell me everything");
        slack.awaitTo(OPS, t -> t.contains(lastSentence), WAIT);
        Thread.sleep(500);
        List<FakeSlack.Post> parts = slack.postsTo(OPS).stream().filter(p -> p.text().contains("Slack sentence")).toList();
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(4000));
        assertThat(parts.get(0).text() + parts.get(1).text()).isEqualTo(answer);
    }

    @Test
    void aSlackRequestIsDeliveredToTelegramsHomeAndToEveryHomeChannel() throws Exception {
        telegram.dm(111, "/sethome");
        telegram.awaitTo("111", t -> t.startsWith("🏠"), WAIT);

        deliver("Slack asked, Telegram gets it.", "telegram", "slack:" + GENERAL);
        telegram.awaitTo("111", t -> t.equals("Slack asked, Telegram gets it."), WAIT);

        deliver("Announcement for every home.", "all", "slack:" + GENERAL);
        telegram.awaitTo("111", t -> t.equals("Announcement for every home."), WAIT);
        slack.awaitTo(OPS, t -> t.equals("Announcement for every home."), WAIT);
        awaitOutboxRow("Announcement for every home.", "delivered");
        assertThat(slack.postsTo(GENERAL)).noneMatch(p -> p.text().contains("Announcement"));
    }

    @Test
    void aTelegramRequestCanBeDeliveredToASlackChannelAndToSlacksHome() throws Exception {
        deliver("From Telegram to #random.", "slack:" + RANDOM + ",slack", "telegram:111");
        slack.awaitTo(RANDOM, t -> t.equals("From Telegram to #random."), WAIT);
        slack.awaitTo(OPS, t -> t.equals("From Telegram to #random."), WAIT);
        assertThat(telegram.sentTo("111")).noneMatch(s -> s.text().contains("#random"));
    }

    /** What a delivery route does: {@code direct:deliver} with the targets and the message it answers. */
    static void deliver(String text, String to, String origin) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(DeliveryHeaders.DELIVER_TO, to);
        if (origin != null) {
            headers.put(DeliveryHeaders.ORIGIN, origin);
        }
        template().sendBodyAndHeaders("direct:deliver", text, headers);
    }

    static ProducerTemplate template() {
        return live.gateway().app().camelContext().createProducerTemplate();
    }

    static JsonNode awaitOutboxRow(String text, String status) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode found = null;
        while (System.nanoTime() < end) {
            for (JsonNode r : Json.parse(live.gateway().get("/api/v1/outbox?limit=500").body()).path("items")) {
                if (r.path("text").asText().equals(text) && (found == null || !found.path("status").asText().equals(status))) {
                    found = r;
                }
            }
            if (found != null && found.path("status").asText().equals(status)) {
                return found;
            }
            found = null;
            Thread.sleep(50);
        }
        throw new AssertionError("outbox row '" + text + "' is not " + status);
    }
}
