package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Busy mode `queue` on Telegram, and outbox rows left undelivered by a previous run. */
class TelegramQueueAndRestartTest {
    static final String TOKEN = "987654:QUEUE-token";
    static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void queuedMessagesAreAnsweredInOrderAfterTheRunningOne() throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(), "gateway.telegram.token", TOKEN,
                     "gateway.telegram.api-url", telegram.baseUrl(), "gateway.telegram.allowed-users", "111",
                     "gateway.telegram.poll-delay", "50ms", "gateway.telegram.busy-mode", "queue")) {
            llama.enqueue(Reply.slow("first answer in pieces", Duration.ofMillis(150)));
            llama.enqueue(Reply.text("second answer"));
            llama.enqueue(Reply.text("third answer"));
            telegram.dm(111, "one");
            long end = System.nanoTime() + WAIT.toNanos();
            while (llama.chatRequests().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            telegram.dm(111, "two");
            telegram.awaitTo("111", t -> t.startsWith("📥 Queued (position 1)"), WAIT);
            telegram.dm(111, "three");
            telegram.awaitTo("111", t -> t.startsWith("📥 Queued (position 2)"), WAIT);
            telegram.awaitTo("111", t -> t.equals("third answer"), WAIT);
            List<String> answers = telegram.sentTo("111").stream().map(FakeTelegram.Sent::text)
                    .filter(t -> !t.startsWith("📥")).toList();
            assertThat(answers).containsExactly("first answer in pieces", "second answer", "third answer");
            assertThat(llama.chatRequests()).hasSize(3);
        }
    }

    @Test
    void messagesWaitingForABusySessionAreAnsweredAfterARestart() throws Exception {
        String db = Files.createTempDirectory("hinksbot-waiting").resolve("gateway.db").toString();
        String[] config = {"gateway.database.path", db, "gateway.telegram.token", TOKEN,
                "gateway.telegram.api-url", null, "gateway.telegram.allowed-users", "111",
                "gateway.telegram.poll-delay", "50ms", "gateway.telegram.busy-mode", "queue"};
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            config[5] = telegram.baseUrl();
            try (GatewayHarness first = GatewayHarness.start(llama.baseUrl(), config)) {
                llama.enqueue(Reply.hang());
                telegram.dm(111, "one");
                long end = System.nanoTime() + WAIT.toNanos();
                while (llama.chatRequests().isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                telegram.dm(111, "two");
                telegram.awaitTo("111", t -> t.startsWith("📥 Queued (position 1)"), WAIT);
                telegram.dm(111, "three");
                telegram.awaitTo("111", t -> t.startsWith("📥 Queued (position 2)"), WAIT);
            } // stopped while "one" is being answered and two messages wait
            assertThat(llama.chatRequests()).hasSize(1);

            llama.enqueue(Reply.text("answer to two"));
            llama.enqueue(Reply.text("answer to three"));
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), config)) {
                telegram.awaitTo("111", t -> t.equals("answer to three"), WAIT);
                List<String> answers = telegram.sentTo("111").stream().map(FakeTelegram.Sent::text)
                        .filter(t -> t.startsWith("answer")).toList();
                assertThat(answers).containsExactly("answer to two", "answer to three");
                List<String> lastUserTexts = llama.chatRequests().stream().skip(1).map(r -> {
                    var messages = r.path("messages");
                    return messages.get(messages.size() - 1).path("content").asText();
                }).toList();
                assertThat(lastUserTexts).containsExactly("two", "three");
            }
        }
    }

    @Test
    void undeliveredOutboxRowsAreSentAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-outbox");
        Path db = dir.resolve("gateway.db");
        try (Database database = Database.open(db)) {
            new OutboxRepository(database).enqueue(List.of(
                    OutboxRepository.Row.of("telegram", "4242", null, "left over from last time (1/2)", null, 1, 2),
                    OutboxRepository.Row.of("telegram", "4242", null, "left over from last time (2/2)", null, 2, 2)));
        }
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(), "gateway.database.path", db.toString(),
                     "gateway.telegram.token", TOKEN, "gateway.telegram.api-url", telegram.baseUrl(),
                     "gateway.telegram.poll-delay", "50ms")) {
            telegram.awaitTo("4242", t -> t.endsWith("(2/2)"), WAIT);
            assertThat(telegram.sentTo("4242")).extracting(FakeTelegram.Sent::text)
                    .containsExactly("left over from last time (1/2)", "left over from last time (2/2)");
            long end = System.nanoTime() + WAIT.toNanos();
            // a row is 'sending' between pending and delivered
            while (!gateway.get("/api/v1/outbox?status=delivered").body().contains("(2/2)") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(gateway.get("/api/v1/outbox?status=delivered").body()).contains("left over from last time (2/2)");
        }
    }

    @Test
    void aBotApiThatGoesAwayIsLoggedWithoutTheToken() throws Exception {
        FakeTelegram telegram = FakeTelegram.start(TOKEN);
        String url = telegram.baseUrl();
        telegram.close(); // nothing listens there: every getUpdates fails
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.OutputStreamAppender<>();
        ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        encoder.setContext(root.getLoggerContext());
        encoder.setPattern("%level %logger %msg %ex%n");
        encoder.start();
        appender.setContext(root.getLoggerContext());
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        root.addAppender(appender);
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(), "gateway.telegram.token", TOKEN,
                     "gateway.telegram.api-url", url, "gateway.telegram.poll-delay", "50ms")) {
            long end = System.nanoTime() + WAIT.toNanos();
            while (!captured.toString().contains("getUpdates failed") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        } finally {
            root.detachAppender(appender);
        }
        String log = captured.toString();
        // getUpdates goes through TelegramBotApi, whose failures never hold the URL (which holds the token)
        assertThat(log).contains("Telegram getUpdates failed").contains("Telegram could not be reached");
        assertThat(log).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(TOKEN.indexOf(':') + 1)).doesNotContain(url);
    }
}
