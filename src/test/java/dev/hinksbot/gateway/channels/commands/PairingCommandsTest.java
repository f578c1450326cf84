package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.PairingService;
import dev.hinksbot.gateway.store.PairingRepository;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    PairingService pairing;
    PairingCommands commands;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        pairing = new PairingService(new PairingRepository(f.db));
        commands = new PairingCommands(pairing);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void bothAreForAdmins() {
        assertThat(commands.pair().role()).isEqualTo(Caller.Role.ADMIN);
        assertThat(commands.pairing().role()).isEqualTo(Caller.Role.ADMIN);
    }

    @Test
    void pairGivesACodeThatPairsWhoeverSendsIt() {
        CommandFixture.Chat admin = f.telegram(Caller.Role.ADMIN);

        String text = admin.run(commands.pair(), "").text();

        assertThat(text).startsWith("Pairing code: ").contains("It works once and expires in 1 hour.");
        String code = text.substring("Pairing code: ".length(), "Pairing code: ".length() + PairingService.CODE_LENGTH);
        assertThat(admin.run(commands.pairing(), "").text()).contains("\n/pair codes not used yet: 1\n");
        assertThat(pairing.redeem("telegram", "333", "carol", code)).contains("✅ Paired! You can chat with me now.");
        assertThat(admin.run(commands.pairing(), "list").text()).endsWith("Paired:\n• telegram user 333 (carol)");
        assertThat(f.websocket("ws_1").run(commands.pair(), "").text())
                .isEqualTo("/pair works in a chat platform (Telegram, Slack, e-mail): the code pairs a user of that platform.");
    }

    @Test
    void pairingApprovesAndRevokes() {
        CommandFixture.Chat admin = f.telegram(Caller.Role.ADMIN);
        PairingService.Issued issued = pairing.issue("telegram", "444", "dave", "444");
        assertThat(admin.run(commands.pairing(), "list").text()).startsWith("Waiting for approval:\n• telegram user 444 (dave), expires ");

        assertThat(admin.run(commands.pairing(), "approve").text()).isEqualTo("Usage: /pairing approve <code>");
        assertThat(admin.run(commands.pairing(), "approve ZZZZZZZZ").text())
                .isEqualTo("No pending pairing code ZZZZZZZZ (wrong, expired or already used).");
        assertThat(admin.run(commands.pairing(), "approve " + issued.code()).text()).isEqualTo("✅ Approved telegram user 444 (dave).");

        assertThat(admin.run(commands.pairing(), "revoke").text()).isEqualTo("Usage: /pairing revoke <platform:user> (or <user> on this platform)");
        assertThat(admin.run(commands.pairing(), "revoke slack:444").text()).isEqualTo("slack user 444 is not paired.");
        assertThat(admin.run(commands.pairing(), "revoke 444").text()).isEqualTo("Revoked telegram user 444.");
        assertThat(pairing.paired()).isEmpty();
        assertThat(admin.run(commands.pairing(), "forget 444").text()).isEqualTo("Usage: /pairing list | approve <code> | revoke <platform:user>");
    }
}
