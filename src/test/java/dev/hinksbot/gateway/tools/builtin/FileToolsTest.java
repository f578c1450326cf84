package dev.hinksbot.gateway.tools.builtin;

import static dev.hinksbot.gateway.tools.TestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {
    @TempDir
    Path tmp;
    TestSupport t;

    @BeforeEach
    void setUp() {
        t = new TestSupport(tmp.resolve("ws"));
    }

    @Test
    void readsWithLineNumbersAndPages() throws Exception {
        String content = IntStream.rangeClosed(1, 1234).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Files.writeString(t.workspace.root().resolve("big.txt"), content);

        ToolResult first = t.call("file_read", "{\"path\":\"big.txt\"}");
        assertThat(first.success()).isTrue();
        assertThat(first.output()).startsWith("    1| line 1\n    2| line 2\n");
        assertThat(first.output()).contains("  500| line 500\n").doesNotContain("line 501");
        assertThat(first.output()).endsWith("[lines 1-500 of 1234; call again with offset=501 for more]");

        ToolResult last = t.call("file_read", "{\"path\":\"big.txt\",\"offset\":1201,\"limit\":100}");
        assertThat(last.output()).startsWith(" 1201| line 1201\n").endsWith(" 1234| line 1234\n[lines 1201-1234 of 1234]");

        ToolResult past = t.call("file_read", "{\"path\":\"big.txt\",\"offset\":5000}");
        assertThat(past.success()).isFalse();
        assertThat(past.error()).contains("past the end").contains("1234 lines");
    }

    @Test
    void refusesBinaryDirectoriesMissingFilesAndEscapes() throws Exception {
        Files.write(t.workspace.root().resolve("img.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        Files.createDirectories(t.workspace.root().resolve("sub"));

        assertThat(t.call("file_read", "{\"path\":\"img.bin\"}").error()).contains("binary");
        assertThat(t.call("file_read", "{\"path\":\"sub\"}").error()).contains("is a directory");
        assertThat(t.call("file_read", "{\"path\":\"nope.txt\"}").error()).contains("does not exist");
        assertThat(t.call("file_read", "{\"path\":\"../../etc/passwd\"}").error()).contains("outside the workspace");
        assertThat(t.call("file_read", "{\"path\":\"/etc/passwd\"}").error()).contains("outside the workspace");
        assertThat(t.call("file_read", "{}").error()).contains("'path'");
        assertThat(t.call("file_read", "{\"path\":\"x\",\"offset\":0}").error()).contains("'offset'");
    }

    @Test
    void writeThenReadAndAppend() throws Exception {
        ToolResult w = t.call("file_write", "{\"path\":\"notes/today/todo.md\",\"content\":" + q("héllo\nworld\n") + "}");
        assertThat(w.success()).isTrue();
        assertThat(w.output()).isEqualTo("Wrote 13 bytes to notes/today/todo.md");

        ToolResult a = t.call("file_write", "{\"path\":\"notes/today/todo.md\",\"content\":\"more\",\"append\":true}");
        assertThat(a.output()).contains("Appended 4 bytes").contains("now 17 bytes");

        assertThat(t.call("file_read", "{\"path\":\"notes/today/todo.md\"}").output())
                .isEqualTo("    1| héllo\n    2| world\n    3| more\n[lines 1-3 of 3]");
    }

    @Test
    void writeRefusesEscapesAndDirectories() throws Exception {
        assertThat(t.call("file_write", "{\"path\":\"../evil.txt\",\"content\":\"x\"}").error()).contains("outside the workspace");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(t.call("file_write", "{\"path\":\".\",\"content\":\"x\"}").error()).contains("directory");
        assertThat(t.call("file_write", "{\"path\":\"f.txt\",\"content\":42}").error()).contains("'content'").contains("string");
    }
}
