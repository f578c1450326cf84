package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.store.StoredMessage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    final AtomicReference<String> summary = new AtomicReference<>("We planned a trip to Oslo.");
    HistoryCommands commands;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        commands = new HistoryCommands(f.chat, f.sessions, f.messages, f.channelSessions, sessionId -> {
            if (summary.get() == null) {
                throw new IllegalStateException("llama-server is not reachable");
            }
            return summary.get();
        });
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void undoRemovesTheLastExchange() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.undo(), "").text()).isEqualTo("Nothing to undo.");
        f.exchange(ann.sessionId, "first question", "first answer");
        f.exchange(ann.sessionId, "a second question that is rather long, longer than forty", "second answer");

        assertThat(ann.run(commands.undo(), "").text())
                .isEqualTo("↩️ Removed the last exchange (\"a second question that is rather long, l…\").");
        assertThat(f.messages.all(ann.sessionId)).extracting(StoredMessage::content).containsExactly("first question", "first answer");
    }

    @Test
    void compressStartsANewSessionFromTheSummary() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.compress(), "").text()).isEqualTo("Nothing to compress yet.");
        f.exchange(ann.sessionId, "Let's go to Oslo", "Good idea");

        ChatCommand.Answer answer = ann.run(commands.compress(), "");

        assertThat(answer.text()).isEqualTo("🗜️ Compressed the conversation into a new session.\n\nWe planned a trip to Oslo.");
        assertThat(answer.sessionId()).isNotEqualTo(ann.sessionId);
        assertThat(f.channelRepo.find(ann.sessionKey).orElseThrow().sessionId()).isEqualTo(answer.sessionId());
        assertThat(f.messages.all(answer.sessionId())).extracting(StoredMessage::content).containsExactly(
                "Summary of our earlier conversation:\nWe planned a trip to Oslo.",
                "Got it — I have the summary and will continue from there.");
        assertThat(f.messages.all(ann.sessionId)).hasSize(2); // the old session stays as it was
    }

    @Test
    void compressOnTheWebSocketNamesTheNewSession() {
        CommandFixture.Chat web = f.websocket("ws_trip");
        f.exchange("ws_trip", "Let's go to Oslo", "Good idea");

        ChatCommand.Answer answer = web.run(commands.compress(), "");

        assertThat(answer.text()).isEqualTo("🗜️ Compressed the conversation into a new session " + answer.sessionId()
                + ": connect to /ws/chat/" + answer.sessionId() + ".\n\nWe planned a trip to Oslo.");
    }

    @Test
    void aFailedSummaryLeavesTheSessionAlone() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        f.exchange(ann.sessionId, "Let's go to Oslo", "Good idea");
        summary.set(null);

        assertThat(ann.run(commands.compress(), "").text()).isEqualTo("⚠️ Could not compress: llama-server is not reachable");
        assertThat(f.channelRepo.find(ann.sessionKey).orElseThrow().sessionId()).isEqualTo(ann.sessionId);
    }
}
