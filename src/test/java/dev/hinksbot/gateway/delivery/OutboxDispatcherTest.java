package dev.hinksbot.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox tells the truth: rate limits are waited out, order holds per chat, and shutdown never doubles a send. */
class OutboxDispatcherTest {
    @TempDir
    Path dir;

    @Test
    void eightRateLimitsAreWaitedOutWithoutCountingAsFailedAttemptsAndTheChatKeepsItsOrder() {
        try (Database db = Database.open(dir.resolve("o.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            AtomicInteger limited = new AtomicInteger(8);
            List<String> delivered = new CopyOnWriteArrayList<>();
            PlatformSender telegram = row -> {
                if (limited.getAndDecrement() > 0) {
                    throw new DeliveryException("Telegram answered HTTP 429: Too Many Requests", Duration.ZERO, false);
                }
                delivered.add(row.text());
                return "ack";
            };
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, Map.of("telegram", telegram), 3, Duration.ZERO,
                    Duration.ofMinutes(1), Clock.systemUTC());
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "first", null, 1, 1)));
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "second", null, 1, 1)));
            for (int i = 0; i < 12; i++) {
                dispatcher.pass();
            }
            assertThat(delivered).containsExactly("first", "second");
            List<OutboxRepository.Row> rows = outbox.list(null, 10);
            assertThat(rows).allSatisfy(r -> assertThat(r.status()).isEqualTo("delivered"));
            OutboxRepository.Row first = rows.get(1);
            assertThat(first.text()).isEqualTo("first");
            assertThat(first.attempts()).as("a rate limit is not a failed attempt").isEqualTo(1);
        }
    }

    @Test
    void aSendInFlightAtShutdownIsFinishedAndRecordedAsDelivered() throws Exception {
        try (Database db = Database.open(dir.resolve("o.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            CountDownLatch sending = new CountDownLatch(1);
            PlatformSender slow = row -> {
                sending.countDown();
                sleep(400);
                return "ack-slow";
            };
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, Map.of("telegram", slow), 3, Duration.ZERO,
                    Duration.ofMinutes(1), Clock.systemUTC(), Duration.ofSeconds(5));
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "hello once", null, 1, 1)));
            dispatcher.start();
            drive(dispatcher);
            assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
            dispatcher.close();
            OutboxRepository.Row row = outbox.list(null, 1).get(0);
            assertThat(row.status()).isEqualTo("delivered");
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.ackId()).isEqualTo("ack-slow");
        }
    }

    @Test
    void aSendStillOpenAfterTheDrainTimeIsMarkedUnknownAndNeverSentAgain() throws Exception {
        try (Database db = Database.open(dir.resolve("o.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            CountDownLatch sending = new CountDownLatch(1);
            AtomicInteger sends = new AtomicInteger();
            PlatformSender hung = row -> {
                sends.incrementAndGet();
                sending.countDown();
                sleep(30_000); // interrupted by the shutdown: the platform may or may not have the message
                throw new DeliveryException("Telegram could not be reached: RuntimeException", null, false);
            };
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, Map.of("telegram", hung), 3, Duration.ZERO,
                    Duration.ofMinutes(1), Clock.systemUTC(), Duration.ofMillis(300));
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "maybe sent", null, 1, 1)));
            dispatcher.start();
            drive(dispatcher);
            assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
            dispatcher.close();
            OutboxRepository.Row row = outbox.list(null, 1).get(0);
            assertThat(row.status()).isEqualTo("unknown");
            assertThat(row.lastError()).contains("shut");

            OutboxDispatcher next = new OutboxDispatcher(outbox, Map.of("telegram", hung), 3, Duration.ZERO,
                    Duration.ofMinutes(1), Clock.systemUTC());
            next.pass();
            assertThat(sends).hasValue(1);
        }
    }

    @Test
    void aRowIsTakenForSendingByOneGatewayOnly() {
        try (Database db = Database.open(dir.resolve("claim.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            String id = outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "t", null, 1, 1))).get(0).id();
            assertThat(outbox.markSending(id)).isTrue();
            // a second gateway on this database that listed the row as pending a moment earlier does not send it too
            assertThat(outbox.markSending(id)).isFalse();
        }
    }

    @Test
    void aChatWhoseRowAnotherGatewayIsSendingWaitsForItUnlessThatGatewayIsLongGone() {
        try (Database db = Database.open(dir.resolve("o.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            String first = outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "first", null, 1, 1))).get(0).id();
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "second", null, 1, 1)));
            outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "8", null, "other chat", null, 1, 1)));
            assertThat(outbox.markSending(first)).isTrue(); // the other gateway on this database is sending it
            List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
            PlatformSender telegram = row -> {
                delivered.add(row.text());
                return "ack";
            };
            new OutboxDispatcher(outbox, Map.of("telegram", telegram), 3, Duration.ZERO, Duration.ofMinutes(1),
                    Clock.systemUTC()).pass();
            assertThat(delivered).as("chat 7's second row waits behind its first").containsExactly("other chat");

            // that gateway died mid-send long ago (past the drain timeout and two minutes): the chat goes on
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
            new OutboxDispatcher(outbox, Map.of("telegram", telegram), 3, Duration.ZERO, Duration.ofMinutes(1), later,
                    Duration.ofSeconds(10)).pass();
            assertThat(delivered).containsExactly("other chat", "second");
        }
    }

    @Test
    void aSendCutOffByACrashIsUnknownAfterTheRestartUnlessThePlatformDetectsDuplicates() {
        try (Database db = Database.open(dir.resolve("o.db"))) {
            OutboxRepository outbox = new OutboxRepository(db);
            String telegramRow = outbox.enqueue(List.of(OutboxRepository.Row.of("telegram", "7", null, "t", null, 1, 1))).get(0).id();
            String mailRow = outbox.enqueue(List.of(OutboxRepository.Row.of("mail", "a@b.c", null, "m", null, 1, 1))).get(0).id();
            outbox.markSending(telegramRow);
            outbox.markSending(mailRow); // then kill -9
            AtomicInteger sends = new AtomicInteger();
            PlatformSender telegram = row -> "ack-" + sends.incrementAndGet();
            PlatformSender mail = new PlatformSender() {
                @Override
                public String send(OutboxRepository.Row row) {
                    return "<mail-" + sends.incrementAndGet() + ">";
                }

                @Override
                public boolean detectsDuplicates() {
                    return true;
                }
            };
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, Map.of("telegram", telegram, "mail", mail), 3,
                    Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC());
            dispatcher.recover();
            dispatcher.pass();
            assertThat(outbox.find(telegramRow).orElseThrow().status()).isEqualTo("unknown");
            assertThat(outbox.find(mailRow).orElseThrow().status()).isEqualTo("delivered");
            assertThat(sends).hasValue(1);
        }
    }

    /** What the outbox-sender routes do: a pass every 20 ms on a thread of their own (for 10 s, then the thread ends). */
    private static void drive(OutboxDispatcher dispatcher) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                dispatcher.sendDue();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    // close() interrupts a hung send, as on the route's thread; the route goes on
                }
            }
        }, "outbox-route");
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
