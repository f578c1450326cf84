package dev.hinksbot.gateway.store;

import dev.hinksbot.gateway.fakes.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolExecutionRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void recordsInOrderAndRoundTrips() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T16:10:02.123Z"));
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            new SessionRepository(db, clock).create("s", "S", null, null);
            ToolExecutionRepository tools = new ToolExecutionRepository(db, clock);
            ToolExecution first = tools.record(new ToolExecution(null, "msg_1", "s", "run", "shell",
                    "{\"cmd\":\"ls\"}", "a\nb", true, null, 12, null));
            ToolExecution second = tools.record(new ToolExecution(null, null, "s", "run", "web_fetch",
                    "{}", null, false, "timeout", 5000, null));
            assertThat(first.id()).matches("tex_[A-Za-z0-9_-]{24}");
            assertThat(first.createdAt()).isEqualTo(clock.instant());
            assertThat(tools.forSession("s")).containsExactly(first, second);
            assertThat(tools.forSession("other")).isEmpty();
        }
    }
}
