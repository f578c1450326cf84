package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.fakes.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    final List<String> models = new ArrayList<>(List.of("qwen3-8b", "llama-3.2-3b"));
    ProfileCommands commands;

    @BeforeEach
    void setUp() throws Exception {
        f = new CommandFixture(dir);
        Files.createDirectories(dir.resolve("agent"));
        Files.writeString(dir.resolve("agent/pirate.md"), "---\nmodel: qwen3-8b\nmax-turns: 3\n---\nTalk like a pirate.\n");
        commands = new ProfileCommands(f.chat, f.sessions, f.profiles, sessionId -> List.copyOf(models), f.defaults);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void modelShowsTheCurrentAndTheAvailableModels() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);

        assertThat(ann.run(commands.model(), "").text())
                .isEqualTo("Model: (the model llama-server serves)\nAvailable: qwen3-8b, llama-3.2-3b");
    }

    @Test
    void modelSetsThisConversationsModelOnlyToOneLlamaServerLists() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);

        assertThat(ann.run(commands.model(), "gpt-9").text())
                .isEqualTo("Unknown model 'gpt-9'. Choose one of: qwen3-8b, llama-3.2-3b.");
        assertThat(ann.run(commands.model(), "llama-3.2-3b").text()).isEqualTo("Model set to llama-3.2-3b for this conversation.");
        assertThat(f.sessions.find(ann.sessionId).orElseThrow().model()).isEqualTo("llama-3.2-3b");
        assertThat(ann.run(commands.model(), "").text()).startsWith("Model: llama-3.2-3b\n");
        models.clear();
        assertThat(ann.run(commands.model(), "qwen3-8b").text()).isEqualTo(
                "⚠️ llama-server's model list is not available right now, so /model cannot check qwen3-8b; try again later.");
    }

    @Test
    void onlyAdminsChangeTheGatewayDefault() {
        CommandFixture.Chat user = f.telegram(Caller.Role.USER);
        assertThat(user.run(commands.model(), "qwen3-8b --global").text())
                .isEqualTo("⛔ Only admins change the gateway's default model; /model qwen3-8b changes this conversation's.");
        assertThat(user.run(commands.personality(), "pirate --global").text())
                .isEqualTo("⛔ Only admins change the gateway's default personality; /personality pirate changes this conversation's.");
        assertThat(f.defaults.get().model()).isNull();

        CommandFixture.Chat admin = f.telegram(Caller.Role.ADMIN);
        assertThat(admin.run(commands.model(), "--global qwen3-8b").text()).isEqualTo("Gateway default model set to qwen3-8b.");
        assertThat(f.defaults.get().model()).isEqualTo("qwen3-8b");
        assertThat(admin.run(commands.personality(), "pirate --global").text()).isEqualTo("Gateway default personality set to pirate.");
        assertThat(f.defaults.get().systemPrompt()).isEqualTo("Talk like a pirate.");
    }

    @Test
    void personalityListsAndAppliesAnAgentProfile() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);

        assertThat(ann.run(commands.personality(), "").text()).isEqualTo("Personalities: hinksbot, pirate. Use /personality <name>.");
        assertThat(ann.run(commands.personality(), "ninja").text()).isEqualTo("Unknown personality 'ninja'. Choose one of: hinksbot, pirate.");
        assertThat(ann.run(commands.personality(), "Pirate").text()).isEqualTo("Personality set to pirate.");
        assertThat(f.sessions.find(ann.sessionId).orElseThrow().systemPrompt()).isEqualTo("Talk like a pirate.");
        // a profile's name works for /model too
        CommandFixture.Chat bob = f.telegram(Caller.Role.USER);
        assertThat(bob.run(commands.model(), "pirate").text()).isEqualTo("Personality set to pirate.");
    }

    @Test
    void nothingChangesWhileAnAnswerIsRunning() throws Exception {
        CommandFixture.Chat ann = f.telegram(Caller.Role.ADMIN);
        f.llama.enqueue(new Reply.Hang());
        ann.context().launcher().launch(ann.sessionId, "tell me a long story", null, null);
        Awaitility.await().until(() -> f.chat.active(ann.sessionId).isPresent());

        assertThat(ann.run(commands.model(), "qwen3-8b").text()).isEqualTo("⏳ An answer is running — wait for it to finish or /stop first.");
        assertThat(ann.run(commands.personality(), "pirate").text()).isEqualTo("⏳ An answer is running — wait for it to finish or /stop first.");
        assertThat(ann.run(commands.model(), "qwen3-8b --global").text())
                .isEqualTo("⏳ Answers are running — the gateway default changes only while none is; try again soon.");
        assertThat(f.sessions.find(ann.sessionId).orElseThrow().model()).isNull();
        f.chat.cancel(ann.sessionId);
    }
}
