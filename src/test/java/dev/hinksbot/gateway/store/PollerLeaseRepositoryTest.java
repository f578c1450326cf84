package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.PollerLeases;
import dev.hinksbot.gateway.fakes.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollerLeaseRepositoryTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void oneOwnerAtATimeUntilTheLeaseRunsOutOrIsReleased() {
        try (Database db = Database.open(dir.resolve("gateway.db"))) {
            PollerLeaseRepository leases = new PollerLeaseRepository(db, clock);
            assertThat(leases.acquire("telegram:1", "a", LEASE)).isTrue();
            assertThat(leases.acquire("telegram:1", "b", LEASE)).as("held by a").isFalse();
            assertThat(leases.acquire("telegram:2", "b", LEASE)).as("another account").isTrue();
            clock.advance(Duration.ofSeconds(20));
            assertThat(leases.acquire("telegram:1", "a", LEASE)).as("a renews").isTrue();
            clock.advance(Duration.ofSeconds(20));
            assertThat(leases.acquire("telegram:1", "b", LEASE)).as("renewed 20 s ago: still a's").isFalse();
            clock.advance(Duration.ofSeconds(11));
            assertThat(leases.acquire("telegram:1", "b", LEASE)).as("a stopped renewing: b takes over").isTrue();
            assertThat(leases.holder("telegram:1")).contains("b");
            leases.release("telegram:1", "a");
            assertThat(leases.holder("telegram:1")).as("only the holder can release").contains("b");
            leases.release("telegram:1", "b");
            assertThat(leases.acquire("telegram:1", "c", LEASE)).as("released: free at once").isTrue();
            assertThat(leases.takeOver("telegram:1", "b", "d", LEASE)).as("b no longer holds it").isFalse();
            assertThat(leases.takeOver("telegram:1", "c", "d", LEASE)).isTrue();
        }
    }

    @Test
    void aHolderOnThisMachineWhoseProcessIsGoneIsRecognised() throws Exception {
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(PollerLeases.isDeadHereOnThisMachine("inst_x@" + host + ":" + gone.pid())).isTrue();
        assertThat(PollerLeases.isDeadHereOnThisMachine("inst_x@" + host + ":" + ProcessHandle.current().pid())).isFalse();
        assertThat(PollerLeases.isDeadHereOnThisMachine("inst_x@other-machine:" + gone.pid())).isFalse();
        assertThat(PollerLeases.isDeadHereOnThisMachine("no-host-part")).isFalse();
    }
}
