package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateways started on the same bot token and database (a second copy by mistake, or a standby): only one polls
 * Telegram, the other says so in its health; every message is answered exactly once; when the polling one is killed
 * (kill -9, no clean release) the other takes over within the lease.
 */
class TelegramTwoGatewaysTest {
    static final String TOKEN = "777002:TWO-token";
    static final String BOT = "telegram:777002";

    @Test
    void oneOfTwoGatewaysPollsAndTheOtherTakesOverWhenItDies() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-two");
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setResponder(request -> {
                JsonNode messages = request.path("messages");
                return Reply.text("answer to " + messages.get(messages.size() - 1).path("content").asText());
            });
            Map<String, String> config = Map.of("gateway.telegram.token", TOKEN, "gateway.telegram.api-url", telegram.baseUrl(),
                    "gateway.telegram.allowed-users", "111", "gateway.telegram.poll-delay", "50ms", "gateway.chat.poller-lease", "2s",
                    "gateway.telegram.busy-mode", "queue");
            GatewayProcess first = GatewayProcess.start(llama.baseUrl(), dir, "first.log", config);
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), "gateway.database.path", dir.resolve("gateway.db").toString(),
                    "gateway.telegram.token", TOKEN, "gateway.telegram.api-url", telegram.baseUrl(), "gateway.telegram.allowed-users", "111",
                    "gateway.telegram.poll-delay", "50ms", "gateway.chat.poller-lease", "2s", "gateway.telegram.busy-mode", "queue")) {
                awaitTrue(() -> pollers(second).path(BOT).asText().equals("standby"), Duration.ofSeconds(15), "the second gateway stands by");
                assertThat(Json.parse(first.get("/api/v1/health").body()).path("pollers").path(BOT).asText()).isEqualTo("polling");

                for (int i = 1; i <= 5; i++) {
                    telegram.dm(111, "m" + i);
                }
                awaitTrue(() -> answers(telegram).size() >= 5, Duration.ofSeconds(30), "five answers");
                Thread.sleep(1000); // a double would show up now
                assertThat(answers(telegram)).containsExactly("answer to m1", "answer to m2", "answer to m3", "answer to m4", "answer to m5");

                first.kill(); // no clean release: the lease must run out
                long killed = System.nanoTime();
                telegram.dm(111, "after the crash");
                awaitTrue(() -> answers(telegram).contains("answer to after the crash"), Duration.ofSeconds(20), "the second gateway answers");
                assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("taken over within the lease (2 s) and a poll")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(pollers(second).path(BOT).asText()).isEqualTo("polling");
                assertThat(answers(telegram)).hasSize(6);
            } finally {
                first.kill();
            }
        }
    }

    private static JsonNode pollers(GatewayHarness gateway) {
        try {
            return Json.parse(gateway.get("/api/v1/health").body()).path("pollers");
        } catch (Exception e) {
            return Json.object();
        }
    }

    private static List<String> answers(FakeTelegram telegram) {
        return telegram.sentTo("111").stream().map(FakeTelegram.Sent::text).filter(t -> t.startsWith("answer to ")).toList();
    }
}
