package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.FakeSlack;
import dev.hinksbot.gateway.fakes.FakeSlackSocket;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slack over Socket Mode across a restart of the gateway (same database): a message written while the gateway was
 * down is sent by Slack once it connects again and is answered; envelopes Slack sends again for messages already
 * answered are acknowledged and answered nowhere a second time; a thread answered before the restart is still
 * followed without a mention.
 */
class SlackSocketRestartTest {
    static final String TOKEN = "xoxb-restart-test-bot-token";
    static final String APP_TOKEN = "xapp-1-A0FAKEAPP-restart-test-app-token";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aMessageWrittenWhileDownIsAnsweredAfterTheRestartAndRedeliveredEnvelopesAreAnsweredOnce() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-slack-restart");
        String[] config = {
                "gateway.database.path", dir.resolve("gateway.db").toString(),
                "gateway.slack.token", TOKEN, "gateway.slack.stream", "false",
                "gateway.slack.app-token", APP_TOKEN,
                "gateway.slack.allowed-users", "U0ALICE",
                "gateway.slack.tool-progress", "off"};
        try (LogCapture logs = new LogCapture();
             FakeSlack slack = FakeSlack.startSocketMode(TOKEN, APP_TOKEN, Map.of("general", "C0GENERAL"));
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            FakeSlackSocket socket = slack.socket();
            String[] withUrl = with(config, "gateway.slack.api-url", slack.baseUrl());
            String thread;
            try (GatewayHarness first = GatewayHarness.start(llama.baseUrl(), withUrl)) {
                socket.awaitConnections(1, WAIT);
                llama.enqueue(Reply.text("First answer."));
                slack.dm("D0ALICE", "U0ALICE", "first question");
                slack.awaitTo("D0ALICE", t -> t.equals("First answer."), WAIT);
                thread = slack.mention("C0GENERAL", "U0ALICE", "<@" + FakeSlack.BOT_USER + "> a thread question", null);
                llama.enqueue(Reply.text("Thread answer."));
                String asked = thread;
                slack.await(p -> p.text().equals("Thread answer.") && asked.equals(p.params().get("thread_ts")), WAIT);
                socket.awaitAllAcked(WAIT);
            }
            assertThat(socket.openConnections()).as("the stopped gateway closed its socket").isZero();

            // written while the gateway is down: Slack keeps it until an app connects again
            slack.dm("D0ALICE", "U0ALICE", "did you miss me?");
            Thread.sleep(300);
            assertThat(llama.chatRequests()).hasSize(2);

            llama.enqueue(Reply.text("Welcome back."));
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), withUrl)) {
                slack.awaitTo("D0ALICE", t -> t.equals("Welcome back."), WAIT);
                assertThat(llama.lastChatRequest().toString()).contains("did you miss me?");
                socket.awaitAllAcked(WAIT);

                // the thread answered before the restart is still followed: a reply there needs no mention (asked before
                // any envelope is sent again, which would remind this start of the thread)
                llama.enqueue(Reply.text("Still here."));
                String followed = thread;
                slack.channelMessage("C0GENERAL", "U0ALICE", "and a follow-up", followed);
                slack.await(p -> p.text().equals("Still here.") && followed.equals(p.params().get("thread_ts")), WAIT);
                assertThat(llama.lastChatRequest().toString()).as("the thread's own session")
                        .contains("a thread question").doesNotContain("did you miss me?");
                // other channel talk is still not for the bot
                slack.channelMessage("C0GENERAL", "U0ALICE", "lunch anyone?", null);
                socket.awaitAllAcked(WAIT);
                Thread.sleep(300);
                assertThat(llama.chatRequests()).hasSize(4);

                // Slack sends every envelope again (it saw no ack for them, as far as it knows)
                int envelopes = socket.envelopesSent();
                socket.redeliverAll();
                socket.awaitAllAcked(WAIT);
                assertThat(socket.envelopesSent()).isGreaterThanOrEqualTo(envelopes + 4);
                Thread.sleep(500);
                assertThat(llama.chatRequests()).as("nothing is answered twice").hasSize(4);
                assertThat(slack.postsTo("D0ALICE")).extracting(FakeSlack.Post::text)
                        .containsExactly("First answer.", "Welcome back.");
                assertThat(slack.postsTo("C0GENERAL")).extracting(FakeSlack.Post::text).containsExactly("Thread answer.", "Still here.");
            }
            assertThat(slack.unknownMethods()).isEmpty();
            assertThat(socket.badAcks()).isEmpty();
            assertThat(logs.lines()).noneMatch(l -> l.contains(TOKEN) || l.contains(APP_TOKEN));
        }
    }

    @Test
    void aWrongAppTokenIsOneClearLineAndSlackIsAskedAgainOnlyWithBackoff() throws Exception {
        String wrong = "xapp-1-A0FAKEAPP-revoked-app-token";
        try (LogCapture logs = new LogCapture();
             FakeSlack slack = FakeSlack.startSocketMode(TOKEN, APP_TOKEN, Map.of("general", "C0GENERAL"));
             ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(), "gateway.slack.token", TOKEN, "gateway.slack.stream", "false",
                     "gateway.slack.app-token", wrong, "gateway.slack.api-url", slack.baseUrl())) {
            long end = System.nanoTime() + WAIT.toNanos();
            while (slack.connectionsOpenCalls() < 2 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(1500);
            // 2 s, then 4 s between attempts: within ~3.5 s of the first attempt, two calls, not a tight loop
            assertThat(slack.connectionsOpenCalls()).isBetween(2, 3);
            assertThat(slack.socket().connectionsOpened()).isZero();
            assertThat(logs.lines()).anyMatch(l -> l.contains("Slack Socket Mode cannot connect") && l.contains("invalid_auth"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(wrong) || l.contains(TOKEN));
            // the gateway itself is up, and its health says the connection is not open (it holds the app, it is connecting)
            var health = gateway.get("/api/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(dev.hinksbot.gateway.common.Json.parse(health.body()).path("pollers").path("slack:A0FAKEAPP").asText())
                    .isEqualTo("connecting");
        }
    }

    private static String[] with(String[] base, String key, String value) {
        String[] out = java.util.Arrays.copyOf(base, base.length + 2);
        out[base.length] = key;
        out[base.length + 1] = value;
        return out;
    }
}
