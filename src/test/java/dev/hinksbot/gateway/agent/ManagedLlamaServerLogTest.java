package dev.hinksbot.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The managed llama-server's log stays within its cap (one rotated file), and restarts back off up to a minute. */
class ManagedLlamaServerLogTest {
    @TempDir
    Path dir;

    @Test
    void theLogMovesToDotOneWhenItWouldPassItsCap() throws Exception {
        Path file = dir.resolve("data/llama-server.log");
        ManagedLlamaServer.CappedLog log = new ManagedLlamaServer.CappedLog(file, 1000);
        String line = "x".repeat(99) + "\n";
        log.copy(new ByteArrayInputStream(line.repeat(25).getBytes(StandardCharsets.UTF_8))); // 2,500 bytes
        log.line("last");
        log.close();
        assertThat(Files.size(file)).isLessThanOrEqualTo(1000);
        assertThat(Files.size(file.resolveSibling("llama-server.log.1"))).isLessThanOrEqualTo(1000);
        assertThat(Files.readString(file)).endsWith("last\n");
        assertThat(dir.resolve("data")).isDirectoryContaining(p -> p.getFileName().toString().equals("llama-server.log.1"))
                .isDirectoryNotContaining(p -> p.getFileName().toString().equals("llama-server.log.2"));
    }

    @Test
    void restartsBackOffFromOneSecondToAMinute() {
        assertThat(ManagedLlamaServer.backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ManagedLlamaServer.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ManagedLlamaServer.backoff(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(ManagedLlamaServer.backoff(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ManagedLlamaServer.backoff(500)).isEqualTo(Duration.ofMinutes(1));
    }
}
