package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A Telegram chat whose answer was in flight when the gateway went down hears about it: one restart notice per
 * interrupted answer, through the outbox, whether the gateway was killed (SIGKILL: the next start finds the run) or
 * stopped (SIGTERM: the stop queues the notice itself) — never a second one on a later restart — and /retry answers
 * the message again.
 */
class RestartNoticeTest {
    static final String TOKEN = "555111:RESTART-token";
    static final String NOTICE = "⚠️ I was restarted while answering — send /retry to try again";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String STORY = "once upon a time there was a gateway that was stopped in the middle of a sentence and "
            + "the user who asked for the story never heard the rest of it unless somebody told them";

    @Test
    void killedOrStoppedMidAnswerTheChatGetsOneNoticePerAnswerAndRetryAnswersAgain() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-notice");
        StoreProbe store = new StoreProbe(dir.resolve("gateway.db"));
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            Map<String, String> config = Map.of("gateway.telegram.token", TOKEN,
                    "gateway.telegram.api-url", telegram.baseUrl(), "gateway.telegram.allowed-users", "111",
                    "gateway.telegram.poll-delay", "50ms",
                    // a stop lets runs finish for this long first; the story below takes longer, so the stop cuts it off
                    "gateway.chat.shutdown-grace", "200ms");

            // 1. kill -9 while the first answer streams.
            llama.enqueue(Reply.slow(STORY, Duration.ofMillis(150)));
            try (GatewayProcess first = GatewayProcess.start(llama.baseUrl(), dir, "gateway-1.log", config)) {
                telegram.dm(111, "tell me a story");
                store.awaitAssistant("streaming", WAIT);
                first.kill();
            }
            assertThat(notices(telegram)).isEmpty();

            // 2. The next start tells the chat once; then SIGTERM while the second answer streams.
            llama.enqueue(Reply.slow(STORY, Duration.ofMillis(150)));
            try (GatewayProcess second = GatewayProcess.start(llama.baseUrl(), dir, "gateway-2.log", config)) {
                telegram.awaitTo("111", NOTICE::equals, WAIT);
                assertThat(store.messages("assistant")).extracting(StoreProbe.Row::status).containsExactly("interrupted");
                telegram.dm(111, "another story please");
                awaitStreamingCount(store, 1);
                second.terminate();
            }
            // The stop kept the partial answer as interrupted and queued the second notice in the outbox before it
            // ended: the send drained at the stop may already have delivered it, or it waits for the next start.
            assertThat(store.messages("assistant")).extracting(StoreProbe.Row::status)
                    .containsExactly("interrupted", "interrupted");
            assertThat(store.messages("assistant").get(1).content()).isNotEmpty();
            List<String> notices = new java.util.ArrayList<>(store.outbox("pending"));
            notices.addAll(store.outbox("delivered"));
            assertThat(notices).filteredOn(("111|" + NOTICE)::equals).hasSize(2);

            // 3. The third start delivers the queued notice; the first one is not sent again. /retry answers again.
            llama.enqueue(Reply.text("The whole story, at last."));
            try (GatewayProcess third = GatewayProcess.start(llama.baseUrl(), dir, "gateway-3.log", config)) {
                telegram.dm(111, "/retry");
                telegram.awaitTo("111", "The whole story, at last."::equals, WAIT);
                // Rows of one chat go out in order, so any notice queued at this start was sent before the answer.
                assertThat(notices(telegram)).hasSize(2);
                List<com.fasterxml.jackson.databind.JsonNode> requests = llama.chatRequests();
                var last = requests.get(requests.size() - 1).path("messages");
                assertThat(last.get(last.size() - 1).path("content").asText()).isEqualTo("another story please");
            }
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    private static List<String> notices(FakeTelegram telegram) {
        return telegram.sentTo("111").stream().map(FakeTelegram.Sent::text).filter(NOTICE::equals).toList();
    }

    /** Waits until {@code n} assistant messages are streaming with some text stored. */
    private static void awaitStreamingCount(StoreProbe store, int n) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long streaming = store.messages("assistant").stream()
                    .filter(r -> r.status().equals("streaming") && r.content() != null && !r.content().isEmpty()).count();
            if (streaming >= n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no streaming answer was checkpointed: " + store.messages("assistant"));
    }
}
