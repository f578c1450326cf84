package dev.hinksbot.gateway.tools.builtin;

import static dev.hinksbot.gateway.tools.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunShellToolTest {
    @TempDir
    Path tmp;

    /**
     * Spawns two sleeps (one in the background). Inside the sandbox's pid namespace their pids mean nothing to the
     * host, so the test finds them on the host by their unusual durations, which only these sleeps have.
     */
    private static final String MARK = "30.0" + ProcessHandle.current().pid();
    private static final String TREE = "sleep " + MARK + "1 & echo bg=$!; sleep " + MARK + "2 & echo fg=$!; wait";

    @Test
    void reportsOutputAndExitCode() throws Exception {
        TestSupport t = new TestSupport(tmp);
        Files.createDirectories(t.workspace.root().resolve("sub"));

        ToolResult ok = t.call("run_shell", "{\"command\":\"echo hello; echo oops >&2; pwd\",\"workdir\":\"sub\"}");
        assertThat(ok.success()).isTrue();
        assertThat(ok.output()).contains("hello\noops\n" + t.workspace.root().resolve("sub") + "\n").contains("[exit code 0");

        ToolResult fail = t.call("run_shell", "{\"command\":\"echo partial; exit 3\"}");
        assertThat(fail.success()).isFalse();
        assertThat(fail.error()).startsWith("command exited with code 3").contains("partial").contains("[exit code 3");

        assertThat(t.call("run_shell", "{\"command\":\"pwd\",\"workdir\":\"../..\"}").error()).contains("outside the workspace");
        assertThat(t.call("run_shell", "{}").error()).contains("'command'");
    }

    @Test
    void timeoutKillsTheProcessAndItsDescendants() throws Exception {
        TestSupport t = new TestSupport(tmp, TestSupport.settings(Duration.ofSeconds(60), 50_000), null);
        long start = System.nanoTime();
        ToolResult r = t.call("run_shell", "{\"command\":\"" + TREE + "\",\"timeout_seconds\":1}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).startsWith("command timed out after 1s");
        assertAllDead(r.error());
    }

    @Test
    void timeoutIsCappedBySettings() throws Exception {
        TestSupport t = new TestSupport(tmp, TestSupport.settings(Duration.ofSeconds(1), 50_000), null);
        ToolResult r = t.call("run_shell", "{\"command\":\"" + TREE + "\",\"timeout_seconds\":600}");
        assertThat(r.error()).startsWith("command timed out after 1s");
        assertAllDead(r.error());
    }

    @Test
    void cancelKillsTheProcessTree() throws Exception {
        TestSupport t = new TestSupport(tmp);
        CancelSignal cancel = new CancelSignal();
        ToolContext ctx = new ToolContext("s1", cancel);
        CompletableFuture<ToolResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return t.call("run_shell", "{\"command\":\"" + TREE + "\"}", ctx);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(eventually(Duration.ofSeconds(10), () -> sleepers().size() == 2)).as("both sleeps started").isTrue();
        long start = System.nanoTime();
        cancel.cancel();
        ToolResult r = run.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).startsWith("command cancelled");
        assertAllDead(r.error());
    }

    @Test
    void outputIsCappedWithANote() throws Exception {
        TestSupport t = new TestSupport(tmp, TestSupport.settings(Duration.ofSeconds(30), 10_000), null);
        ToolResult r = t.call("run_shell", "{\"command\":\"seq 1 100000\"}");
        assertThat(r.success()).isTrue();
        assertThat(r.output()).startsWith("1\n2\n3\n").contains("\n100000\n");
        assertThat(r.output()).containsPattern("\\[output truncated: \\d+ characters cut");
        assertThat(r.output().length()).isLessThan(10_500);
    }

    /** The host pids of this test's sleeps. */
    private static List<Long> sleepers() {
        return ProcessHandle.allProcesses()
                .filter(ph -> ph.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
                        && ph.info().commandLine().map(c -> c.contains(" " + MARK)).orElse(false))
                .map(ProcessHandle::pid)
                .filter(RunShellToolTest::alive)
                .toList();
    }

    private static void assertAllDead(String output) throws InterruptedException {
        assertThat(output).as("the command ran").containsPattern("bg=\\d+").containsPattern("fg=\\d+");
        assertThat(eventually(Duration.ofSeconds(5), () -> sleepers().isEmpty())).as("every sleep was killed").isTrue();
    }

    /** Alive and not a zombie: an orphan may wait a while to be reaped by a container's init. */
    private static boolean alive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }
}
