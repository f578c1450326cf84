package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static dev.hinksbot.gateway.e2e.CliRunner.cliOut;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Telegram end to end: the real gateway with camel-telegram against a Bot API fake and a scripted llama-server. */
class TelegramChannelTest {
    static final String TOKEN = "123456:TEST-token";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111,222,333,444,555,666,777",
            "gateway.telegram.bot-username", "hinks_bot",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off",
            "gateway.delivery.retry-delay", "200ms");

    @Test
    void anAllowedUserChatsAndTheAnswerIsDeliveredOnceWithATypingIndicator() throws Exception {
        live.llama().enqueue(Reply.slow("Hello from HinksBot on Telegram.", Duration.ofMillis(30)));
        telegram.dm(111, "Hello bot");
        FakeTelegram.Sent answer = telegram.awaitTo("111", t -> t.contains("HinksBot"), WAIT);
        assertThat(answer.text()).isEqualTo("Hello from HinksBot on Telegram.");
        assertThat(telegram.chatActions()).isPositive();
        Thread.sleep(300);
        assertThat(telegram.sentTo("111")).hasSize(1);
        JsonNode last = live.llama().lastChatRequest();
        assertThat(last.toString()).contains("Hello bot");
        assertThat(awaitOutboxRow("Hello from HinksBot on Telegram.", "delivered").path("ack_id").asText()).isNotEmpty();
    }

    @Test
    void aStrangerGetsAPairingCodeCannotReachTheAgentAndChatsAfterCliApproval() throws Exception {
        int requestsBefore = live.llama().chatRequests().size();
        telegram.dm(9001, "let me in");
        FakeTelegram.Sent pairing = telegram.awaitTo("9001", t -> t.contains("Pairing code"), WAIT);
        Matcher m = Pattern.compile("Pairing code: ([A-Z2-9]{8})").matcher(pairing.text());
        assertThat(m.find()).isTrue();
        String code = m.group(1);
        assertThat(code).matches("[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}");
        // Asking again within 10 minutes gives no second code, and nothing reaches the model.
        telegram.dm(9001, "hello?");
        telegram.awaitTo("9001", t -> t.contains("already sent"), WAIT);
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);
        // The code is stored hashed only.
        String db = live.gateway().dir().resolve("gateway.db").toString();

        assertThat(cli("pairing", "approve", "telegram", "WRONG234", "--database", db)).isEqualTo(1);
        assertThat(cli("pairing", "approve", "telegram", code.toLowerCase(), "--database", db)).isEqualTo(0);
        assertThat(cliOut("pairing", "list", "--database", db)).contains("telegram  user 9001");

        live.llama().enqueue(Reply.text("Welcome aboard."));
        telegram.dm(9001, "am I in now?");
        telegram.awaitTo("9001", t -> t.equals("Welcome aboard."), WAIT);

        assertThat(cli("pairing", "revoke", "telegram", "9001", "--database", db)).isEqualTo(0);
        int after = live.llama().chatRequests().size();
        telegram.dm(9001, "still there?");
        telegram.awaitTo("9001", t -> t.contains("already sent") || t.contains("Pairing code"), WAIT);
        assertThat(live.llama().chatRequests()).hasSize(after);
    }

    @Test
    void aStrangerInAGroupIsIgnoredAndAMemberIsAnsweredWhenAddressed() throws Exception {
        int requestsBefore = live.llama().chatRequests().size();
        telegram.userSays(-100500, "supergroup", 7777, "stranger", "@hinks_bot what is the time?");
        telegram.userSays(-100500, "supergroup", 222, "member", "just chatting among ourselves");
        Thread.sleep(1000);
        assertThat(telegram.sentTo("-100500")).isEmpty();
        assertThat(live.llama().chatRequests()).hasSize(requestsBefore);

        live.llama().enqueue(Reply.text("It is time to test."));
        telegram.userSays(-100500, "supergroup", 222, "member", "@hinks_bot what is the time?");
        telegram.awaitTo("-100500", t -> t.equals("It is time to test."), WAIT);
        assertThat(live.llama().lastChatRequest().toString()).contains("what is the time?").doesNotContain("@hinks_bot");
    }

    @Test
    void aLongAnswerIsSplitOnceWithoutDuplicates() throws Exception {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 4500) {
            b.append("Sentence number ").append(i++).append(" of a long answer. ");
        }
        String answer = b.toString().strip();
        String lastSentence = "Sentence number " + (i - 1) + " ";
        live.llama().enqueue(Reply.text(answer));
        telegram.dm(333, "Tell me everything");
        telegram.awaitTo("333", t -> t.contains(lastSentence), WAIT);
        Thread.sleep(500);
        List<FakeTelegram.Sent> parts = telegram.sentTo("333");
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(4096));
        assertThat(parts.get(0).text() + parts.get(1).text()).isEqualTo(answer);
    }

    @Test
    void twoRateLimitsThenSuccessHonourRetryAfter() throws Exception {
        live.llama().enqueue(Reply.text("Patience pays."));
        telegram.rateLimitNextSends(2, 1);
        int attemptsBefore = telegram.sendAttempts();
        long t0 = System.nanoTime();
        telegram.dm(444, "Are you rate limited?");
        telegram.awaitTo("444", t -> t.equals("Patience pays."), WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(telegram.sendAttempts() - attemptsBefore).isEqualTo(3);
        assertThat(telegram.sentTo("444")).hasSize(1);
        JsonNode row = awaitOutboxRow("Patience pays.", "delivered");
        assertThat(row.path("status").asText()).isEqualTo("delivered");
        assertThat(row.path("attempts").asInt()).as("a 429 says 'later', not 'no': not a failed attempt").isEqualTo(1);
        assertThat(row.toString()).doesNotContain(TOKEN);
    }

    @Test
    void eightRateLimitsInARowDeliverOnceAndTheChatsNextMessageWaitsBehind() throws Exception {
        live.llama().enqueue(Reply.text("First, after a storm."));
        live.llama().enqueue(Reply.text("Second, in its place."));
        telegram.rateLimitNextSends(8, 1);
        int attemptsBefore = telegram.sendAttempts();
        telegram.dm(777, "first?");
        long end = System.nanoTime() + WAIT.toNanos();
        while (telegram.sendAttempts() == attemptsBefore && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        telegram.dm(777, "second?");
        telegram.awaitTo("777", t -> t.startsWith("Second"), Duration.ofSeconds(30));
        assertThat(telegram.sentTo("777")).extracting(FakeTelegram.Sent::text)
                .containsExactly("First, after a storm.", "Second, in its place.");
        JsonNode row = awaitOutboxRow("First, after a storm.", "delivered");
        assertThat(row.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void slashCommandsNewStopRetryUndoAndBackground() throws Exception {
        live.llama().enqueue(Reply.text("First answer."));
        telegram.dm(555, "Question one");
        telegram.awaitTo("555", t -> t.equals("First answer."), WAIT);

        live.llama().enqueue(Reply.text("Retried answer."));
        telegram.dm(555, "/retry");
        telegram.awaitTo("555", t -> t.startsWith("🔁"), WAIT);
        telegram.awaitTo("555", t -> t.equals("Retried answer."), WAIT);
        assertThat(live.llama().lastChatRequest().toString()).contains("Question one").doesNotContain("First answer.");

        telegram.dm(555, "/undo");
        telegram.awaitTo("555", t -> t.startsWith("↩️"), WAIT);
        telegram.dm(555, "/status");
        telegram.awaitTo("555", t -> t.contains("Messages: 0"), WAIT);

        live.llama().enqueue(Reply.slow("a slow answer that will be stopped before it ends", Duration.ofMillis(200)));
        telegram.dm(555, "Go slowly");
        awaitActive(live, 1);
        telegram.dm(555, "/stop");
        telegram.awaitTo("555", t -> t.startsWith("⏹ Stopped"), WAIT);
        awaitActive(live, 0);

        telegram.dm(555, "/new");
        telegram.awaitTo("555", t -> t.contains("new conversation"), WAIT);
        live.llama().enqueue(Reply.text("Fresh start."));
        telegram.dm(555, "Who are you?");
        telegram.awaitTo("555", t -> t.equals("Fresh start."), WAIT);
        assertThat(live.llama().lastChatRequest().toString()).doesNotContain("Go slowly").doesNotContain("Question one");

        live.llama().enqueue(Reply.text("All servers are up."));
        telegram.dm(555, "/background check the servers");
        telegram.awaitTo("555", t -> t.startsWith("🔄 Background task started") && t.contains("Task ID: bg_"), WAIT);
        telegram.awaitTo("555", t -> t.equals("✅ Background task complete\n\nAll servers are up."), WAIT);

        telegram.dm(555, "/help");
        // 555 is a user (gateway.admins is empty): their /help lists what users may do, without admin commands
        telegram.awaitTo("555", t -> t.contains("/background (user)") && !t.contains("/sethome"), WAIT);
    }

    @Test
    void aMessageWhileBusyInterruptsAndIsAnswered() throws Exception {
        live.llama().enqueue(Reply.slow("one two three four five six seven eight nine ten", Duration.ofMillis(200)));
        live.llama().enqueue(Reply.text("Answering the correction."));
        telegram.dm(666, "Count to ten");
        awaitActive(live, 1);
        telegram.dm(666, "Actually, never mind");
        telegram.awaitTo("666", t -> t.equals("Answering the correction."), WAIT);
        Thread.sleep(300);
        assertThat(telegram.sentTo("666")).extracting(FakeTelegram.Sent::text).containsExactly("Answering the correction.");
        assertThat(live.llama().lastChatRequest().toString()).contains("Actually, never mind");
    }

    static void awaitActive(LiveGateway live, int runs) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (Json.parse(live.gateway().get("/api/v1/health").body()).path("active_runs").asInt() == runs) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("active runs did not become " + runs);
    }

    /** The ack is recorded right after the platform answered: wait for it. */
    static JsonNode awaitOutboxRow(String text, String status) throws Exception {
        return awaitRow(live, text, status);
    }

    /** The outbox row with {@code text} once it has {@code status}, read through the REST API of {@code gateway}. */
    static JsonNode awaitRow(LiveGateway gateway, String text, String status) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode found = null;
        while (System.nanoTime() < end) {
            for (JsonNode r : Json.parse(gateway.gateway().get("/api/v1/outbox?limit=500").body()).path("items")) {
                if (r.path("text").asText().equals(text)) {
                    found = r;
                }
            }
            if (found != null && found.path("status").asText().equals(status)) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("outbox row '" + text + "' is not " + status + ": " + found);
    }
}
