package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's environment variable names for the allowlists work, and the log says which source set each list. */
class AllowlistAliasTest {
    static final String TOKEN = "123456:ALIAS-token";
    static final Path CONFIG = Path.of("config/application.properties").toAbsolutePath();

    @Test
    void telegramAllowedUsersFromTheEnvironmentIsHonouredAndLogged() throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
             ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             LogCapture log = new LogCapture();
             GatewayHarness gateway = GatewayHarness.start(Map.of("TELEGRAM_ALLOWED_USERS", "888",
                             "EMAIL_ALLOWED_USERS", "a@example.com,b@example.com", "GATEWAY_ADMINS", "telegram:1"),
                     llama.baseUrl(),
                     "gateway.telegram.token", TOKEN,
                     "gateway.telegram.api-url", telegram.baseUrl(),
                     "gateway.telegram.poll-delay", "50ms")) {
            assertThat(log.lines()).contains(
                    "dev.hinksbot.gateway.config.ConfigLoader gateway.telegram.allowed-users set by environment TELEGRAM_ALLOWED_USERS: 1 entry",
                    "dev.hinksbot.gateway.config.ConfigLoader gateway.mail.allowed-users set by environment EMAIL_ALLOWED_USERS: 2 entries",
                    "dev.hinksbot.gateway.config.ConfigLoader gateway.admins set by environment GATEWAY_ADMINS: 1 entry",
                    // the shipped file lists every key, so an unchanged one is set by it
                    "dev.hinksbot.gateway.config.ConfigLoader gateway.allowed-users set by config file " + CONFIG + ": 0 entries",
                    "dev.hinksbot.gateway.config.ConfigLoader gateway.allow-all-users set by config file " + CONFIG + ": false");
            assertThat(String.join("\n", log.lines())).doesNotContain(TOKEN).doesNotContain("a@example.com");

            llama.enqueue(Reply.text("Hello 888."));
            telegram.dm(888, "hi");
            assertThat(telegram.awaitTo("888", t -> t.equals("Hello 888."), Duration.ofSeconds(15))).isNotNull();
            telegram.dm(889, "hi");
            assertThat(telegram.awaitTo("889", t -> t.contains("Pairing code"), Duration.ofSeconds(15))).isNotNull();
        }
    }
}
