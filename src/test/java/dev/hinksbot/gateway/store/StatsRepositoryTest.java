package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.fakes.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void countsTotalsAndDailyBuckets() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-19T10:00:00Z"));
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            SessionRepository sessions = new SessionRepository(db, clock);
            MessageRepository messages = new MessageRepository(db, clock);
            ToolExecutionRepository tools = new ToolExecutionRepository(db, clock);
            StatsRepository stats = new StatsRepository(db, clock);

            Stats empty = stats.stats(7);
            assertThat(empty.sessions()).isZero();
            assertThat(empty.avgToolMs()).isZero();
            assertThat(empty.daily()).hasSize(7).allSatisfy(d -> assertThat(d.messages()).isZero());

            // Day 1 (2026-11-19)
            sessions.create("a", "A", null, null);
            messages.append(StoredMessage.user("a", "r1", "hi"));
            messages.append(StoredMessage.assistant("a", "r1", "hello", null, null).withUsage(5, 100, 5, 1000L));
            tools.record(new ToolExecution(null, null, "a", "r1", "shell", "{}", "ok", true, null, 10, null));
            tools.record(new ToolExecution(null, null, "a", "r1", "shell", "{}", null, false, "exit 1", 30, null));
            // Day 3 (2026-11-21)
            clock.advance(Duration.ofDays(2));
            sessions.create("b", "B", null, null);
            messages.append(StoredMessage.user("b", "r2", "q"));
            messages.append(StoredMessage.assistant("b", "r2", "a", null, null).withUsage(7, 200, 7, 3000L));
            messages.append(StoredMessage.tool("b", "r2", "c", "web_fetch", "page"));
            tools.record(new ToolExecution(null, null, "b", "r2", "web_fetch", "{}", "page", true, null, 50, null));

            Stats s = stats.stats(3);
            assertThat(s.sessions()).isEqualTo(2);
            assertThat(s.messages()).isEqualTo(5);
            assertThat(s.messagesByRole()).containsEntry("user", 2L).containsEntry("assistant", 2L)
                    .containsEntry("tool", 1L).containsEntry("system", 0L);
            assertThat(s.toolCalls()).isEqualTo(3);
            assertThat(s.toolFailures()).isEqualTo(1);
            assertThat(s.promptTokens()).isEqualTo(300);
            assertThat(s.completionTokens()).isEqualTo(12);
            assertThat(s.avgToolMs()).isEqualTo(30.0);
            assertThat(s.avgAssistantMs()).isEqualTo(2000.0);
            assertThat(s.topTools()).containsExactly(new Stats.NamedCount("shell", 2), new Stats.NamedCount("web_fetch", 1));
            assertThat(s.daily()).containsExactly(
                    new Stats.DayCount("2026-11-19", 1, 2, 2, 105),
                    new Stats.DayCount("2026-11-20", 0, 0, 0, 0),
                    new Stats.DayCount("2026-11-21", 1, 3, 1, 207));
            assertThat(stats.stats(1).daily()).extracting(Stats.DayCount::day).containsExactly("2026-11-21");
            assertThat(stats.stats(0).daily()).isEmpty();
        }
    }
}
