package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeCommandTest {
    @TempDir
    Path dir;
    CommandFixture f;
    HomeCommand sethome;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        sethome = new HomeCommand(f.channelRepo);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void sethomeIsForAdminsAndMakesThisChatTheHomeChannel() {
        assertThat(sethome.role()).isEqualTo(Caller.Role.ADMIN);
        CommandFixture.Chat admin = f.telegram(Caller.Role.ADMIN);

        assertThat(admin.run(sethome, "").text()).isEqualTo("🏠 This chat is now the telegram home channel.");
        assertThat(f.channelRepo.home("telegram")).hasValueSatisfying(h -> assertThat(h.chatId()).isEqualTo("111"));
    }

    @Test
    void theWebSocketHasNoHomeChannel() {
        assertThat(f.websocket("ws_1").run(sethome, "").text())
                .isEqualTo("/sethome works in a chat platform (Telegram, Slack, e-mail), not on the WebSocket.");
        assertThat(f.channelRepo.home("websocket")).isEmpty();
    }
}
