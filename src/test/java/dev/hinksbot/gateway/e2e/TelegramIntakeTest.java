package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each Telegram update is taken once, through restarts: its key is stored with the message, the offset that
 * confirms it survives a restart, and a send that is in flight when the gateway stops is finished, not repeated.
 */
class TelegramIntakeTest {
    static final String TOKEN = "555000:INTAKE-token";
    static final Duration WAIT = Duration.ofSeconds(15);

    private static String[] config(String db, String apiUrl, String pollDelay) {
        return new String[] {"gateway.database.path", db, "gateway.telegram.token", TOKEN, "gateway.telegram.api-url", apiUrl,
                "gateway.telegram.allowed-users", "111", "gateway.telegram.poll-delay", pollDelay};
    }

    @Test
    void anUpdateTheBotApiSendsAgainAfterARestartIsNotAnsweredAgain() throws Exception {
        String db = Files.createTempDirectory("hinksbot-intake").resolve("gateway.db").toString();
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setDefaultReply(Reply.text("answered"));
            telegram.dm(111, "hello once");
            // a long poll delay: the gateway stops before its next getUpdates could confirm the update
            try (GatewayHarness first = GatewayHarness.start(llama.baseUrl(), config(db, telegram.baseUrl(), "20s"))) {
                telegram.awaitTo("111", "answered"::equals, WAIT);
                awaitNoPending(first);
            }
            assertThat(telegram.unconfirmed()).as("the Bot API still holds the update").isEqualTo(1);
            int pollsBefore = telegram.offsets().size();
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), config(db, telegram.baseUrl(), "50ms"))) {
                long end = System.nanoTime() + WAIT.toNanos();
                while ((telegram.unconfirmed() > 0 || telegram.offsets().size() < pollsBefore + 3) && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(telegram.unconfirmed()).isZero();
                // the stored offset confirms the update with the very first poll after the restart
                assertThat(telegram.offsets().get(pollsBefore)).isEqualTo(1002L);
                Thread.sleep(300);
                assertThat(telegram.sentTo("111")).extracting(FakeTelegram.Sent::text).containsExactly("answered");
                assertThat(llama.chatRequests()).hasSize(1);
            }
        }
    }

    @Test
    void aSendInFlightWhenTheGatewayStopsIsFinishedAndNotSentAgain() throws Exception {
        String db = Files.createTempDirectory("hinksbot-intake").resolve("gateway.db").toString();
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setDefaultReply(Reply.text("hello once"));
            telegram.delaySends(Duration.ofMillis(1500));
            try (GatewayHarness first = GatewayHarness.start(llama.baseUrl(), config(db, telegram.baseUrl(), "50ms"))) {
                telegram.dm(111, "hi");
                long end = System.nanoTime() + WAIT.toNanos();
                while (telegram.sendAttempts() == 0 && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                assertThat(telegram.sendAttempts()).isEqualTo(1);
            } // stopped while Telegram is still taking the answer
            assertThat(telegram.sentTo("111")).extracting(FakeTelegram.Sent::text).containsExactly("hello once");
            telegram.delaySends(Duration.ZERO);
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), config(db, telegram.baseUrl(), "50ms"))) {
                JsonNode rows = Json.parse(second.get("/api/v1/outbox").body()).path("items");
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).path("status").asText()).isEqualTo("delivered");
                assertThat(rows.get(0).path("attempts").asInt()).isEqualTo(1);
                Thread.sleep(1500);
                assertThat(telegram.sentTo("111")).extracting(FakeTelegram.Sent::text).containsExactly("hello once");
                assertThat(telegram.sendAttempts()).isEqualTo(1);
            }
        }
    }

    private static void awaitNoPending(GatewayHarness gateway) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!gateway.get("/api/v1/outbox?status=pending").body().contains("\"pending\":0") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
