package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeSlack;
import dev.hinksbot.gateway.fakes.FakeSlackSocket;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack over Socket Mode end to end: the real gateway with an app-level token against a Slack fake that speaks
 * Socket Mode (apps.connections.open, hello, events_api envelopes and their acks, disconnect) and the Web API, and a
 * scripted llama-server. No channel is listened to: the bot hears DMs, mentions and threads it answers in.
 */
class SlackSocketModeTest {
    static final String TOKEN = "xoxb-socket-test-bot-token";
    static final String APP_TOKEN = "xapp-1-A0FAKEAPP-socket-test-app-token";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String GENERAL = "C0GENERAL";
    static final String BOT = "<@" + FakeSlack.BOT_USER + ">";
    // attached before the gateway starts, so its start-up and connection lines are checked for tokens too
    static final LogCapture logs = new LogCapture();
    static final FakeSlack slack = FakeSlack.startSocketMode(TOKEN, APP_TOKEN, Map.of("general", GENERAL));
    static final FakeSlackSocket socket = slack.socket();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.slack.token", TOKEN, "gateway.slack.stream", "false",
            "gateway.slack.app-token", APP_TOKEN,
            "gateway.slack.api-url", slack.baseUrl(),
            "gateway.slack.allowed-users", "U0ALICE,U0BOB",
            "gateway.slack.tool-progress", "off",
            "gateway.delivery.retry-delay", "200ms");

    @AfterAll
    static void noTokenInTheLogsAndNoUnknownCalls() {
        try {
            assertThat(slack.unknownMethods()).as("Slack methods the fake does not know, or called with the app token").isEmpty();
            assertThat(socket.badAcks()).isEmpty();
            assertThat(socket.refusedConnections()).isZero();
            assertThat(logs.lines()).anyMatch(l -> l.contains("Slack Socket Mode connected"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(TOKEN) || l.contains(APP_TOKEN));
        } finally {
            logs.close();
            slack.close();
        }
    }

    @Test
    void aStrangerPairsInADmThenChatsAndUsesCommandsWithoutAMention() throws Exception {
        socket.awaitConnections(1, WAIT);
        int requestsBefore = live.llama().chatRequests().size();
        slack.dm("D0STRANGER", "U0STRANGER", "let me in");
        FakeSlack.Post pairing = slack.awaitTo("D0STRANGER", t -> t.contains("Pairing code"), WAIT);
        Matcher m = Pattern.compile("Pairing code: ([A-Z2-9]{8})").matcher(pairing.text());
        assertThat(m.find()).isTrue();
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);

        String db = live.gateway().dir().resolve("gateway.db").toString();
        assertThat(cli("pairing", "approve", "slack", m.group(1), "--database", db)).isEqualTo(0);

        live.llama().enqueue(Reply.text("Welcome **aboard**, U0STRANGER."));
        slack.dm("D0STRANGER", "U0STRANGER", "am I in now?");
        FakeSlack.Post welcome = slack.awaitTo("D0STRANGER", t -> t.startsWith("Welcome"), WAIT);
        // Markdown arrives as Slack mrkdwn, top level in the DM (no thread)
        assertThat(welcome.text()).isEqualTo("Welcome *aboard*, U0STRANGER.");
        assertThat(welcome.params()).doesNotContainKey("thread_ts");
        assertThat(live.llama().lastChatRequest().toString()).contains("am I in now?");

        // a command in a DM needs no @bot
        slack.dm("D0STRANGER", "U0STRANGER", "/new");
        slack.awaitTo("D0STRANGER", t -> t.contains("Started a new conversation"), WAIT);
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore + 1);
        socket.awaitAllAcked(WAIT);
    }

    @Test
    void theAppsSlashCommandRunsTheChatCommandItNamesOnceInTheConversationItWasTypedIn() throws Exception {
        socket.awaitConnections(1, WAIT);
        int requestsBefore = live.llama().chatRequests().size();
        live.llama().enqueue(Reply.text("Remember: the password is swordfish."));
        slack.dm("D0BOB", "U0BOB", "remember this");
        slack.awaitTo("D0BOB", t -> t.contains("swordfish"), WAIT);

        // "/hinksbot" alone is /help; "/hinksbot new" is /new, in Bob's DM session
        socket.slashCommand("D0BOB", "U0BOB", "/hinksbot", "");
        slack.awaitTo("D0BOB", t -> t.contains("/new") && t.contains("/status"), WAIT);
        socket.slashCommand("D0BOB", "U0BOB", "/hinksbot", "new");
        slack.awaitTo("D0BOB", t -> t.contains("Started a new conversation"), WAIT);
        live.llama().enqueue(Reply.text("Fresh start."));
        slack.dm("D0BOB", "U0BOB", "what did I ask you to remember?");
        slack.awaitTo("D0BOB", t -> t.equals("Fresh start."), WAIT);
        assertThat(live.llama().lastChatRequest().toString()).as("the new session").doesNotContain("swordfish");
        assertThat(live.llama().chatRequests()).as("commands never reach the model").hasSize(requestsBefore + 2);
        socket.awaitAllAcked(WAIT);

        // Slack sends the envelopes again: each command was taken once
        long news = slack.postsTo("D0BOB").stream().filter(p -> p.text().contains("Started a new conversation")).count();
        socket.redeliverAll();
        socket.awaitAllAcked(WAIT);
        live.llama().enqueue(Reply.text("Still the same conversation."));
        slack.dm("D0BOB", "U0BOB", "ping");
        slack.awaitTo("D0BOB", t -> t.equals("Still the same conversation."), WAIT);
        assertThat(slack.postsTo("D0BOB").stream().filter(p -> p.text().contains("Started a new conversation")).count())
                .isEqualTo(news);
        assertThat(live.llama().lastChatRequest().toString()).contains("what did I ask you to remember?");

        // a stranger's slash command gets no command run (a pairing code in a DM, as for text)
        socket.slashCommand("D0EVE", "U0EVE", "/hinksbot", "status");
        slack.awaitTo("D0EVE", t -> t.contains("Pairing code"), WAIT);
        assertThat(slack.postsTo("D0EVE")).noneMatch(p -> p.text().contains("Model"));
    }

    @Test
    void aMentionIsAnsweredOnceInItsOwnThread() throws Exception {
        socket.awaitConnections(1, WAIT);
        live.llama().enqueue(Reply.text("**Done**: see [the docs](https://example.com/x)\n```java\nint x = 1 < 2 ? 1 : 0;\n```"));
        int requestsBefore = live.llama().chatRequests().size();
        String ts = slack.mention(GENERAL, "U0ALICE", BOT + " build it & ship", null);
        FakeSlack.Post answer = slack.await(p -> p.channel().equals(GENERAL) && p.text().startsWith("*Done*"), WAIT);
        assertThat(answer.params().get("thread_ts")).isEqualTo(ts);
        assertThat(answer.text()).isEqualTo("*Done*: see <https://example.com/x|the docs>\n```\nint x = 1 &lt; 2 ? 1 : 0;\n```");
        assertThat(live.llama().lastChatRequest().toString()).contains("build it & ship").doesNotContain(FakeSlack.BOT_USER);
        // the app_mention and the message event of that one message were both acknowledged, and it was answered once
        socket.awaitAllAcked(WAIT);
        Thread.sleep(300);
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore + 1);
        assertThat(slack.postsTo(GENERAL)).filteredOn(p -> p.text().startsWith("*Done*")).hasSize(1);
        JsonNode row = awaitOutboxRow(slack, "delivered", "**Done**");
        assertThat(row.path("ack_id").asText()).as("Slack's ts of the posted answer").matches("\\d+\\.\\d{6}");
    }

    @Test
    void twoThreadsAreTwoSessionsAndAThreadReplyNeedsNoMention() throws Exception {
        socket.awaitConnections(1, WAIT);
        live.llama().enqueue(Reply.text("Apples are red."));
        String apples = slack.mention(GENERAL, "U0BOB", BOT + " tell me about apples", null);
        slack.await(p -> p.text().equals("Apples are red.") && apples.equals(p.params().get("thread_ts")), WAIT);

        live.llama().enqueue(Reply.text("Bananas are yellow."));
        String bananas = slack.mention(GENERAL, "U0BOB", BOT + " tell me about bananas", null);
        slack.await(p -> p.text().equals("Bananas are yellow.") && bananas.equals(p.params().get("thread_ts")), WAIT);
        assertThat(live.llama().lastChatRequest().toString()).contains("bananas").doesNotContain("apples");

        // a reply in the apples thread, without a mention: the apples session answers it, in that thread
        live.llama().enqueue(Reply.text("Some are green."));
        slack.channelMessage(GENERAL, "U0BOB", "any other colours?", apples);
        slack.await(p -> p.text().equals("Some are green.") && apples.equals(p.params().get("thread_ts")), WAIT);
        String request = live.llama().lastChatRequest().toString();
        assertThat(request).contains("any other colours?").contains("tell me about apples").contains("Apples are red.")
                .doesNotContain("bananas");

        // talk in the channel that is not for the bot is not answered
        int requests = live.llama().chatRequests().size();
        slack.channelMessage(GENERAL, "U0BOB", "lunch anyone?", null);
        socket.awaitAllAcked(WAIT);
        Thread.sleep(300);
        assertThat(live.llama().chatRequests()).hasSize(requests);
    }

    @Test
    void aRateLimitedAnswerWaitsForRetryAfterAndIsPostedOnce() throws Exception {
        socket.awaitConnections(1, WAIT);
        live.llama().enqueue(Reply.text("Patience pays on Slack."));
        slack.rateLimitNextPosts(2, 1);
        int attemptsBefore = slack.postAttempts();
        long t0 = System.nanoTime();
        slack.dm("D0ALICE", "U0ALICE", "are you rate limited?");
        slack.awaitTo("D0ALICE", t -> t.equals("Patience pays on Slack."), WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(slack.postAttempts() - attemptsBefore).isEqualTo(3);
        assertThat(slack.postsTo("D0ALICE")).filteredOn(p -> p.text().equals("Patience pays on Slack.")).hasSize(1);
        JsonNode row = awaitOutboxRow(slack, "delivered", "Patience pays on Slack.");
        assertThat(row.path("attempts").asInt()).as("a 429 says 'later', not 'no'").isEqualTo(1);
    }

    @Test
    void aRefreshRequestAndADroppedSocketAreReconnectedAndMessagesStillArrive() throws Exception {
        socket.awaitConnections(1, WAIT);
        int opened = socket.connectionsOpened();
        socket.disconnect("refresh_requested");
        socket.awaitConnections(opened + 1, WAIT);
        live.llama().enqueue(Reply.text("Still here after a refresh."));
        slack.dm("D0BOB", "U0BOB", "are you there?");
        slack.awaitTo("D0BOB", t -> t.equals("Still here after a refresh."), WAIT);

        socket.dropConnections();
        // written while the socket is down: Slack holds it and sends it on the new connection
        live.llama().enqueue(Reply.text("Still here after a drop."));
        slack.dm("D0BOB", "U0BOB", "and now?");
        socket.awaitConnections(opened + 2, WAIT);
        slack.awaitTo("D0BOB", t -> t.equals("Still here after a drop."), WAIT);
        socket.awaitAllAcked(WAIT);
        assertThat(slack.postsTo("D0BOB")).filteredOn(p -> p.text().startsWith("Still here")).hasSize(2);
    }

    static JsonNode awaitOutboxRow(FakeSlack slack, String status, String textStart) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode r : Json.parse(live.gateway().get("/api/v1/outbox?limit=500").body()).path("items")) {
                if (r.path("text").asText().startsWith(textStart) && r.path("status").asText().equals(status)) {
                    assertThat(r.toString()).doesNotContain(TOKEN).doesNotContain(APP_TOKEN);
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no outbox row '" + textStart + "…' is " + status);
    }
}
