package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    UsageCommands commands;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        commands = new UsageCommands(f.messages, f.stats);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void usageAddsUpThisSessionsTokens() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        f.exchange(ann.sessionId, "hello", "hi");
        f.exchange(ann.sessionId, "how are you?", "fine");

        assertThat(ann.run(commands.usage(), "").text())
                .isEqualTo("Messages: 4\nPrompt tokens: 40\nCompletion tokens: 10\nTotal tokens: 50");
    }

    @Test
    void aUsersInsightsCoverTheirOwnSessionsAnAdminsTheGateway() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        f.exchange(ann.sessionId, "hello", "hi");
        f.sessions.create("sess_bob", "Bob's", null, null);
        f.sessions.claim("sess_bob", "user:telegram:222");
        f.exchange("sess_bob", "one", "1");
        f.exchange("sess_bob", "two", "2");

        assertThat(ann.run(commands.insights(), "").text()).startsWith("Your last 7 day(s): 1 sessions, 2 messages, 0 tool calls, ")
                .endsWith("\nAll time: 1 sessions, 2 messages.");
        assertThat(ann.run(commands.insights(), "9999").text()).startsWith("Your last 365 day(s): ");
        assertThat(ann.run(commands.insights(), "a week").text()).isEqualTo("Usage: /insights [days], e.g. /insights 30");

        CommandFixture.Chat admin = f.telegram(Caller.Role.ADMIN);
        assertThat(admin.run(commands.insights(), "30").text()).startsWith("Gateway, last 30 day(s): 2 sessions, 6 messages, 0 tool calls, ")
                .endsWith("\nAll time: 2 sessions, 6 messages.");
    }
}
