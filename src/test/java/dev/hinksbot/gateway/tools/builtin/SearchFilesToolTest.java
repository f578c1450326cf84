package dev.hinksbot.gateway.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchFilesToolTest {
    @TempDir
    Path tmp;
    TestSupport t;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestSupport(tmp.resolve("ws"));
        Path root = t.workspace.root();
        Files.createDirectories(root.resolve("src/app"));
        Files.writeString(root.resolve("src/app/Main.java"), "class Main {\n  void run() {}\n  // TODO fix\n}\n");
        Files.writeString(root.resolve("src/app/util.py"), "def run():\n    pass\n");
        Files.writeString(root.resolve("README.md"), "Run the app with ./run.sh\n");
        Files.write(root.resolve("data.bin"), new byte[] {'r', 'u', 'n', 0, 1, 2});
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "void run()");
    }

    @Test
    void contentRegexAnswersPathLineText() throws Exception {
        ToolResult r = t.call("search_files", "{\"pattern\":\"void \\\\w+\\\\(\"}");
        assertThat(r.success()).isTrue();
        assertThat(r.output()).startsWith("src/app/Main.java:2: void run() {}").contains("[1 result]");
        assertThat(r.output()).doesNotContain(".git");

        ToolResult ci = t.call("search_files", "{\"pattern\":\"^run\",\"ignore_case\":true,\"path\":\".\"}");
        assertThat(ci.output()).contains("README.md:1: Run the app").doesNotContain("data.bin");

        ToolResult none = t.call("search_files", "{\"pattern\":\"nothing_like_this\"}");
        assertThat(none.success()).isTrue();
        assertThat(none.output()).startsWith("No lines matching");
    }

    @Test
    void nameGlobAndLimits() throws Exception {
        ToolResult r = t.call("search_files", "{\"pattern\":\"*.java\",\"mode\":\"name\"}");
        assertThat(r.output()).isEqualTo("src/app/Main.java\n[1 result]");

        ToolResult all = t.call("search_files", "{\"pattern\":\"*\",\"mode\":\"name\",\"path\":\"src\",\"max_results\":1}");
        assertThat(all.output()).contains("there are more");
    }

    @Test
    void invalidRegexAndModeAreClearErrors() throws Exception {
        ToolResult bad = t.call("search_files", "{\"pattern\":\"foo(\"}");
        assertThat(bad.success()).isFalse();
        assertThat(bad.error()).startsWith("invalid regex 'foo('");

        ToolResult mode = t.call("search_files", "{\"pattern\":\"x\",\"mode\":\"fuzzy\"}");
        assertThat(mode.error()).contains("'mode'").contains("content");

        assertThat(t.call("search_files", "{\"pattern\":\"x\",\"path\":\"../\"}").error()).contains("outside the workspace");
    }
}
