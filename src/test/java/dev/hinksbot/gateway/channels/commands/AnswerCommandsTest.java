package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.StoredMessage;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    AnswerCommands commands;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        commands = new AnswerCommands(f.chat, f.sessions, f.messages, f.guard);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private void answering(CommandFixture.Chat chat) throws Exception {
        f.llama.enqueue(new Reply.Hang());
        chat.context().launcher().launch(chat.sessionId, "tell me a long story", null, null);
        Awaitility.await().until(() -> f.chat.active(chat.sessionId).isPresent());
    }

    @Test
    void retryAnswersTheLastMessageAgain() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.retry(), "").text()).isEqualTo("There is no message to retry yet.");
        f.exchange(ann.sessionId, "What is the capital of Norway?", "Bergen.");
        f.llama.enqueue(Reply.text("Oslo."));

        assertThat(ann.run(commands.retry(), "").text()).isEqualTo("🔁 Retrying your last message.");

        assertThat(ann.launched()).containsExactly("What is the capital of Norway?");
        Awaitility.await().until(() -> ann.sent.contains("Oslo."));
        assertThat(f.messages.all(ann.sessionId)).extracting(StoredMessage::content).doesNotContain("Bergen.");
    }

    @Test
    void retryWaitsForTheRunningAnswer() throws Exception {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        answering(ann);

        assertThat(ann.run(commands.retry(), "").text()).isEqualTo("⏳ Still answering — wait for it to finish or /stop first.");
        f.chat.cancel(ann.sessionId);
    }

    @Test
    void stopCancelsTheAnswerAndDropsWaitingMessages() throws Exception {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.stop(), "").text()).isEqualTo("Nothing is running.");
        answering(ann);
        assertThat(ann.run(commands.queue(), "and then?").text()).isEqualTo("📥 Queued (position 1).");

        assertThat(ann.run(commands.stop(), "").text()).isEqualTo("⏹ Stopped. Dropped 1 waiting message(s).");

        Awaitility.await().until(() -> f.chat.active(ann.sessionId).isEmpty());
        assertThat(f.guard.waiting(ann.sessionId)).isZero();
        assertThat(ann.launched()).containsExactly("tell me a long story");
    }

    @Test
    void queueRunsNowWhenIdleAndRefusesWhenFull() throws Exception {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.queue(), "").text()).isEqualTo("Usage: /queue <message> — it runs after the current answer.");
        f.llama.enqueue(Reply.text("Hi Ann."));
        assertThat(ann.run(commands.queue(), "hello").text()).isEqualTo("▶️ Nothing was running: answering now.");
        Awaitility.await().until(() -> ann.sent.contains("Hi Ann."));

        answering(ann);
        assertThat(ann.run(commands.queue(), "one").text()).isEqualTo("📥 Queued (position 1).");
        assertThat(ann.run(commands.queue(), "two").text()).isEqualTo("📥 Queued (position 2).");
        assertThat(ann.run(commands.queue(), "three").text()).isEqualTo("The queue is full (2 waiting). Try again later.");
        ann.run(commands.stop(), "");
    }

    @Test
    void backgroundRunsInItsOwnSessionAndReportsToTheChat() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.background(), "").text()).isEqualTo("Usage: /background <prompt>");
        f.llama.enqueue(Reply.text("All servers are up."));

        String text = ann.run(commands.background(), "check   the\nservers").text();

        assertThat(text).matches("🔄 Background task started: \"check the servers\"\nTask ID: bg_\\d{6}_[0-9a-f]{6}");
        String id = text.substring(text.indexOf("bg_"));
        Session bg = f.sessions.find(id).orElseThrow();
        assertThat(bg.title()).isEqualTo("Background: check the servers");
        assertThat(f.sessions.ownerOf(id)).contains("user:telegram:111");
        Awaitility.await().until(() -> ann.sent.stream().anyMatch(s -> s.startsWith("✅ Background task complete")));
        assertThat(ann.sent).anyMatch(s -> s.contains("All servers are up."));
    }
}
