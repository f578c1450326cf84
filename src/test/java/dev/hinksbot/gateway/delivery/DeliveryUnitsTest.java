package dev.hinksbot.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryUnitsTest {
    @TempDir
    Path dir;

    final DeliveryTargets targets = new DeliveryTargets(Set.of("telegram", "slack"), p -> p.equals("telegram")
            ? Optional.of(new DeliveryTarget("telegram", "-100123", null)) : Optional.empty());

    @Test
    void targetsResolveOriginHomesExplicitListsAndAll() {
        assertThat(targets.resolve("origin", "slack:C1")).containsExactly(new DeliveryTarget("slack", "C1", null));
        assertThat(targets.resolve(null, "telegram:5")).containsExactly(new DeliveryTarget("telegram", "5", null));
        assertThat(targets.resolve("telegram", null)).containsExactly(new DeliveryTarget("telegram", "-100123", null));
        assertThat(targets.resolve("telegram:-100123:17585", null)).containsExactly(new DeliveryTarget("telegram", "-100123", "17585"));
        assertThat(targets.resolve("origin, local, telegram", "slack:C1")).containsExactly(
                new DeliveryTarget("slack", "C1", null), DeliveryTarget.local(), new DeliveryTarget("telegram", "-100123", null));
        assertThat(targets.resolve("all", null)).containsExactly(new DeliveryTarget("telegram", "-100123", null));
        assertThat(targets.resolve("telegram,telegram", null)).hasSize(1);
    }

    @Test
    void unknownOrUnconfiguredTargetsAreErrorsNotFallbacks() {
        assertThatThrownBy(() -> targets.resolve("discord:1", null)).hasMessageContaining("unknown delivery target");
        assertThatThrownBy(() -> targets.resolve("mail:a@b.c", null)).hasMessageContaining("not configured");
        assertThatThrownBy(() -> targets.resolve("slack", null)).hasMessageContaining("no home channel");
        assertThatThrownBy(() -> targets.resolve("origin", null)).hasMessageContaining("origin");
        assertThatThrownBy(() -> targets.resolve("bogus", null)).hasMessageContaining("unknown delivery target");
    }

    @Test
    void splitterKeepsEveryCharacterOnceWithinTheLimit() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 9000; i++) {
            b.append("word").append(i).append(i % 17 == 0 ? "\n\n" : i % 5 == 0 ? "\n" : " ");
        }
        String text = b.toString();
        List<String> parts = MessageSplitter.split(text, 4096);
        assertThat(parts).hasSize(3);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(MessageSplitter.split("short", 4096)).containsExactly("short");
        String emoji = "😀".repeat(3000); // no boundaries: never split a surrogate pair
        List<String> hard = MessageSplitter.split(emoji, 4096);
        assertThat(String.join("", hard)).isEqualTo(emoji);
        assertThat(hard).allSatisfy(p -> assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse());
    }

    @Test
    void dispatcherRetriesHonoursRetryAfterAndKeepsFailedRows() {
        try (Database db = Database.open(dir.resolve("o.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            AtomicInteger calls = new AtomicInteger();
            PlatformSender flaky = row -> {
                if (row.text().startsWith("never")) {
                    throw new DeliveryException("HTTP 500", null, false);
                }
                if (row.text().startsWith("bad")) {
                    throw new DeliveryException("chat not found", null, true);
                }
                if (calls.incrementAndGet() == 1) {
                    throw new DeliveryException("HTTP 429", Duration.ZERO, false);
                }
                return "ack-" + row.part();
            };
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, Map.of("telegram", flaky), 3, Duration.ZERO,
                    Duration.ofMinutes(1), Clock.systemUTC());
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "1", null, "hello", null, 1, 1),
                    OutboxRepository.Row.of("telegram", "2", null, "never works", null, 1, 1),
                    OutboxRepository.Row.of("telegram", "3", null, "bad chat", null, 1, 1),
                    OutboxRepository.Row.of("slack", "C1", null, "no slack", null, 1, 1)));
            for (int i = 0; i < 5; i++) {
                dispatcher.pass();
            }
            Map<String, OutboxRepository.Row> byChat = new java.util.HashMap<>();
            outbox.list(null, 10).forEach(r -> byChat.put(r.chatId(), r));
            assertThat(byChat.get("1").status()).isEqualTo("delivered");
            assertThat(byChat.get("1").attempts()).as("a 429 is waited out, not counted").isEqualTo(1);
            assertThat(byChat.get("1").ackId()).isEqualTo("ack-1");
            assertThat(byChat.get("2").status()).isEqualTo("failed");
            assertThat(byChat.get("2").attempts()).isEqualTo(3);
            assertThat(byChat.get("3").status()).isEqualTo("failed");
            assertThat(byChat.get("3").attempts()).isEqualTo(1);
            assertThat(byChat.get("C1").lastError()).contains("not configured");
            assertThat(outbox.retry(byChat.get("2").id())).isTrue();
            assertThat(outbox.find(byChat.get("2").id()).orElseThrow().status()).isEqualTo("pending");
            assertThat(dispatcher.backoff(1)).isEqualTo(Duration.ZERO);
            OutboxDispatcher slow = new OutboxDispatcher(outbox, Map.of(), 3, Duration.ofSeconds(2), Duration.ofSeconds(10), Clock.systemUTC());
            assertThat(slow.backoff(1)).isEqualTo(Duration.ofSeconds(2));
            assertThat(slow.backoff(3)).isEqualTo(Duration.ofSeconds(8));
            assertThat(slow.backoff(9)).isEqualTo(Duration.ofSeconds(10));
        }
    }
}
