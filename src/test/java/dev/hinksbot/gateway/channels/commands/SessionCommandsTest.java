package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.store.SessionPatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    SessionCommands commands;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        commands = new SessionCommands(f.chat, f.sessions, f.channelSessions, f.guard, f.defaults,
                (event, data) -> f.hooks.add(event));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void newMovesTheChatToAFreshSessionAndAnswersToReset() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        ChatCommand fresh = commands.fresh();
        assertThat(fresh.names()).containsExactly("new", "reset");

        ChatCommand.Answer answer = ann.run(fresh, "");

        assertThat(answer.text()).isEqualTo("✨ Started a new conversation.");
        assertThat(answer.sessionId()).isNotEqualTo(ann.sessionId).startsWith("sess_");
        assertThat(f.channelRepo.find(ann.sessionKey).orElseThrow().sessionId()).isEqualTo(answer.sessionId());
        assertThat(f.sessions.ownerOf(answer.sessionId())).contains("user:telegram:111");
    }

    @Test
    void newOnTheWebSocketNamesTheSessionToConnectTo() {
        CommandFixture.Chat web = f.websocket("ws_one");

        ChatCommand.Answer answer = web.run(commands.fresh(), "");

        assertThat(answer.text()).isEqualTo("✨ New session " + answer.sessionId() + ": connect to /ws/chat/"
                + answer.sessionId() + " to continue there.");
        assertThat(f.sessions.find(answer.sessionId())).isPresent();
        assertThat(f.hooks).contains("session:reset");
    }

    @Test
    void statusShowsTheSessionItsModelAndBusyMode() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        f.exchange(ann.sessionId, "hello", "hi there");

        String text = ann.run(commands.status(), "").text();

        assertThat(text).startsWith("Session: " + ann.sessionId + "\n")
                .contains("\nModel: default\n", "\nMessages: 2\n", "\nRunning: no\n", "\nWaiting: 0\n")
                .endsWith("\nBusy mode: interrupt");
        f.sessions.update(ann.sessionId, new SessionPatch(null, "qwen3", null, null, null));
        assertThat(ann.run(commands.status(), "").text()).contains("\nModel: qwen3\n");
    }

    @Test
    void titleShowsAndSetsTheTitle() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);

        assertThat(ann.run(commands.title(), "Trip to Oslo").text()).isEqualTo("Title set to \"Trip to Oslo\".");
        assertThat(ann.run(commands.title(), "").text()).isEqualTo("Title: Trip to Oslo");
        assertThat(f.sessions.find(ann.sessionId).orElseThrow().title()).isEqualTo("Trip to Oslo");
    }

    @Test
    void resumeListsAndResumesOnlyTheCallersOwnSessions() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.title(), "Oslo").text()).contains("Oslo");
        String oslo = ann.sessionId;
        String fresh = ann.run(commands.fresh(), "").sessionId();
        f.sessions.create("sess_someone_else", "Secret plans", null, null);
        f.sessions.claim("sess_someone_else", "user:telegram:999");

        CommandFixture.Chat again = f.telegram(Caller.Role.USER);
        assertThat(again.sessionId).isEqualTo(fresh);
        assertThat(again.run(commands.resume(), "").text()).startsWith("Your recent sessions (use /resume <title>):")
                .contains("\n• Oslo (" + oslo + ")").doesNotContain("Secret plans");
        assertThat(again.run(commands.resume(), "Secret plans").text()).isEqualTo("You have no session titled \"Secret plans\".");

        ChatCommand.Answer resumed = again.run(commands.resume(), "Oslo");

        assertThat(resumed.text()).isEqualTo("▶️ Resumed \"Oslo\".");
        assertThat(resumed.sessionId()).isEqualTo(oslo);
        assertThat(f.channelRepo.find(again.sessionKey).orElseThrow().sessionId()).isEqualTo(oslo);
    }

    @Test
    void resumeWithNoSessionsSaysSo() {
        InboundMessage bob = new InboundMessage("slack", "dm", "D9", null, "U9", "bob", "hi", "1", true, Instant.now(), Map.of());
        CommandFixture.Chat chat = f.new Chat(bob, "agent:main:slack:dm:D9", "sess_unbound", Caller.of(bob, Caller.Role.USER));

        assertThat(chat.run(commands.resume(), "").text()).isEqualTo("You have no sessions yet.");
    }
}
