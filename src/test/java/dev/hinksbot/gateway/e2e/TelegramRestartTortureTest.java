package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Restart torture (issue 13): users keep writing to three chats while the gateway is stopped (in-process: the
 * SIGTERM path) and started again, {@value #CYCLES} times at random moments, against a Bot API fake that keeps every
 * update until a later offset confirms it. Every message gets exactly one answer, in order per chat; the model is
 * asked once per message; nothing is left failed or unknown; the store passes integrity_check.
 */
class TelegramRestartTortureTest {
    static final String TOKEN = "777000:TORTURE-token";
    static final int CYCLES = 15;
    static final int MESSAGES = 60;
    static final long[] CHATS = {111, 222, 333};

    @Test
    void everyMessageIsAnsweredExactlyOnceInOrderThroughRepeatedRestarts() throws Exception {
        Path db = Files.createTempDirectory("hinksbot-torture").resolve("gateway.db");
        String[] config = null;
        Random random = new Random(13);
        Map<String, List<String>> asked = new LinkedHashMap<>();
        for (long chat : CHATS) {
            asked.put(String.valueOf(chat), java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setResponder(request -> {
                JsonNode messages = request.path("messages");
                return Reply.text("answer to " + messages.get(messages.size() - 1).path("content").asText());
            });
            config = new String[] {"gateway.database.path", db.toString(), "gateway.telegram.token", TOKEN,
                    "gateway.telegram.api-url", telegram.baseUrl(), "gateway.telegram.allowed-users", "111,222,333",
                    "gateway.telegram.poll-delay", "50ms", "gateway.telegram.busy-mode", "queue",
                    "gateway.chat.queue-limit", "200", "gateway.chat.shutdown-grace", "5s"};

            AtomicBoolean writing = new AtomicBoolean(true);
            Thread users = new Thread(() -> {
                Random r = new Random(42);
                int n = 0;
                // a bounded number: every run asks the model to count its whole history, so endless chats slow down
                while (writing.get() && n < MESSAGES) {
                    long chat = CHATS[r.nextInt(CHATS.length)];
                    String text = "q" + (n++) + "@" + chat;
                    asked.get(String.valueOf(chat)).add(text);
                    telegram.dm(chat, text);
                    try {
                        Thread.sleep(150 + r.nextInt(500));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "torture-users");
            users.start();
            try {
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    try (GatewayHarness gateway = GatewayHarness.start(llama.baseUrl(), config)) {
                        Thread.sleep(200 + random.nextInt(1300));
                    } // stopped at a random moment: mid-run, mid-send, mid-poll
                    Thread.sleep(random.nextInt(300)); // messages keep arriving while it is down
                }
            } finally {
                writing.set(false);
                users.join();
            }

            try (GatewayHarness last = GatewayHarness.start(llama.baseUrl(), config)) {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!allAnswered(telegram, asked) && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                Thread.sleep(500); // a duplicate would show up now
                int total = 0;
                for (Map.Entry<String, List<String>> chat : asked.entrySet()) {
                    List<String> expected = chat.getValue().stream().map(t -> "answer to " + t).toList();
                    assertThat(answers(telegram, chat.getKey())).as("answers in chat %s", chat.getKey())
                            .containsExactlyElementsOf(expected);
                    total += expected.size();
                }
                assertThat(total).isGreaterThan(30);
                assertThat(llama.chatRequests()).as("the model is asked once per message").hasSize(total);
                JsonNode outbox = Json.parse(last.get("/api/v1/outbox?limit=500").body());
                assertThat(outbox.path("failed").asInt()).isZero();
                assertThat(outbox.path("unknown").asInt()).isZero();
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    private static List<String> answers(FakeTelegram telegram, String chat) {
        return telegram.sentTo(chat).stream().map(FakeTelegram.Sent::text).filter(t -> t.startsWith("answer to ")).toList();
    }

    private static boolean allAnswered(FakeTelegram telegram, Map<String, List<String>> asked) {
        return asked.entrySet().stream().allMatch(e -> answers(telegram, e.getKey()).size() >= e.getValue().size());
    }
}
