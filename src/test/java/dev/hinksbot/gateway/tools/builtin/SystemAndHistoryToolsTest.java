package dev.hinksbot.gateway.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.ToolSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemAndHistoryToolsTest {
    @TempDir
    Path tmp;

    @Test
    void registersEveryBuiltinWithItsGroups() {
        TestSupport t = new TestSupport(tmp);
        assertThat(t.registry.list()).extracting(ToolSpec::name).containsExactlyInAnyOrderElementsOf(BuiltinTools.NAMES);
        assertThat(t.registry.groups().get("file")).containsExactly("file_read", "file_write", "search_files");
        assertThat(t.registry.groups().get("monitoring")).containsExactly("list_processes", "sys_metrics");
        assertThat(t.registry.groups().get("web")).containsExactly("web_extract", "web_search");
        t.registry.list().forEach(s -> {
            assertThat(s.description()).as(s.name()).isNotBlank();
            assertThat(s.parameters().path("type").asText()).isEqualTo("object");
        });
    }

    @Test
    void sysMetricsReportsCpuMemoryHeapDisk() throws Exception {
        ToolResult r = new TestSupport(tmp).call("sys_metrics", "{}");
        assertThat(r.success()).isTrue();
        assertThat(r.output()).contains("CPU: ", " cores", "Memory: ", "JVM heap: ", "Disk (workspace ");
    }

    @Test
    void listProcessesFindsThisJvm() throws Exception {
        TestSupport t = new TestSupport(tmp);
        ToolResult r = t.call("list_processes", "{\"filter\":\"java\",\"limit\":500}");
        assertThat(r.success()).isTrue();
        assertThat(r.output()).startsWith("     PID  USER").contains(" " + ProcessHandle.current().pid() + "  ");
        // names only: the test JVM's own arguments (class path, -D options) never appear
        String args = ProcessHandle.current().info().arguments().map(a -> String.join(" ", a)).orElse("");
        assertThat(args).isNotEmpty();
        for (String arg : args.split(" ")) {
            if (arg.length() > 8) {
                assertThat(r.output()).as("argument %s", arg).doesNotContain(arg);
            }
        }
        assertThat(t.call("list_processes", "{\"filter\":\"no-such-process-xyz\"}").output()).startsWith("No processes matching");
    }

    @Test
    void historySearchUsesTheSearcher() throws Exception {
        HistorySearcher searcher = (sessionId, query, limit) -> query.equals("backup")
                ? List.of("[s1 2024-05-01 user] how do I set up the backup cron?", "[s2 assistant] backup done")
                : List.of();
        TestSupport t = new TestSupport(tmp, BuiltinSettings.defaults(), searcher);
        assertThat(t.call("session_history_search", "{\"query\":\"backup\",\"limit\":5}").output())
                .isEqualTo("1. [s1 2024-05-01 user] how do I set up the backup cron?\n\n2. [s2 assistant] backup done");
        assertThat(t.call("session_history_search", "{\"query\":\"zebra\"}").output()).startsWith("No past messages");
        assertThat(new TestSupport(tmp).call("session_history_search", "{\"query\":\"x\"}").error()).contains("not available");
    }
}
