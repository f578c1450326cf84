package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.common.Json;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalCommandsTest {
    @TempDir
    Path dir;
    CommandFixture f;
    ApprovalCommands commands;

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
        commands = new ApprovalCommands(f.approvals, f.sessions);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private CompletableFuture<ApprovalGate.Decision> ask(String requestId, String sessionId) {
        return f.approvals.ask(new ApprovalGate.ApprovalRequest(requestId, "run_1", sessionId, "call_1", "run_shell",
                Json.object().put("command", "rm -rf build"), "deletes files"));
    }

    @Test
    void approveRunsTheSessionsOldestWaitingCall() throws Exception {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        assertThat(ann.run(commands.approve(), "").text()).isEqualTo("Nothing is waiting for approval.");
        CompletableFuture<ApprovalGate.Decision> decision = ask("apr_1", ann.sessionId);

        assertThat(ann.run(commands.approve(), "").text()).isEqualTo("✅ Approved: run_shell (deletes files).");
        assertThat(decision.get().approved()).isTrue();
    }

    @Test
    void denyRefusesTheCallNamedById() throws Exception {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);
        CompletableFuture<ApprovalGate.Decision> decision = ask("apr_2", ann.sessionId);

        assertThat(ann.run(commands.deny(), "apr_2").text()).isEqualTo("🚫 Denied: run_shell (deletes files).");
        assertThat(decision.get().approved()).isFalse();
    }

    @Test
    void aRequestOfSomeoneElsesSessionCannotBeAnswered() {
        f.sessions.create("sess_bob", "Bob's", null, null);
        f.sessions.claim("sess_bob", "user:telegram:222");
        CompletableFuture<ApprovalGate.Decision> decision = ask("apr_3", "sess_bob");
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);

        assertThat(ann.run(commands.approve(), "apr_3").text()).isEqualTo("No approval request apr_3 is waiting.");
        assertThat(decision).isNotDone();
    }
}
