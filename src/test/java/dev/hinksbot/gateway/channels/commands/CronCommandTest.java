package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.Caller;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /cron hands the cron package who asks and where a job's results go; the jobs themselves are the cron tests'. */
class CronCommandTest {
    @TempDir
    Path dir;
    CommandFixture f;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CronCommand cron = new CronCommand((args, origin, createdBy, chatOwner, admin) -> {
        calls.add(args + " | " + origin + " | " + createdBy + " | " + chatOwner + " | " + admin);
        return "Job job_1 added.";
    });

    @BeforeEach
    void setUp() {
        f = new CommandFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aJobMadeInAChatIsTheSendersAndDeliversToThatChat() {
        CommandFixture.Chat ann = f.telegram(Caller.Role.USER);

        assertThat(ann.run(cron, "add every 1h | check the servers").text()).isEqualTo("Job job_1 added.");
        assertThat(calls).containsExactly("add every 1h | check the servers | telegram:111 | user:telegram:111 | user:telegram:111 | false");
    }

    @Test
    void anAdminSeesAllJobsAndTheWebSocketHasNoOriginChat() {
        f.telegram(Caller.Role.ADMIN).run(cron, "list");
        f.websocket("ws_1").run(cron, "");

        assertThat(calls).containsExactly("list | telegram:111 | user:telegram:111 | user:telegram:111 | true", " | null | websocket | null | true");
    }
}
