package dev.hinksbot.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("ws");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        ws = new Workspace(root);
    }

    @Test
    void createsRootAndResolvesRelativePaths() throws Exception {
        assertThat(root).isDirectory();
        assertThat(ws.resolve("")).isEqualTo(ws.root());
        assertThat(ws.resolve(".")).isEqualTo(ws.root());
        assertThat(ws.resolve("a/b/../c.txt")).isEqualTo(ws.root().resolve("a/c.txt"));
        assertThat(ws.resolve("new/dir/file.txt")).isEqualTo(ws.root().resolve("new/dir/file.txt"));
        assertThat(ws.relativize(ws.root().resolve("a/c.txt"))).isEqualTo("a/c.txt");
        assertThat(ws.relativize(ws.root())).isEqualTo(".");
    }

    @Test
    void refusesDotDotEscapes() {
        assertThatThrownBy(() -> ws.resolve("../etc/passwd"))
                .isInstanceOf(WorkspaceViolation.class)
                .hasMessage("path '../etc/passwd' is outside the workspace");
        assertThatThrownBy(() -> ws.resolve("a/../../outside/secret.txt")).isInstanceOf(WorkspaceViolation.class);
        assertThatThrownBy(() -> ws.resolve("..")).isInstanceOf(WorkspaceViolation.class);
    }

    @Test
    void absolutePathsOnlyInsideTheRoot() throws Exception {
        assertThatThrownBy(() -> ws.resolve("/etc/passwd"))
                .isInstanceOf(WorkspaceViolation.class)
                .hasMessageContaining("outside the workspace");
        assertThat(ws.resolve(ws.root().resolve("x.txt").toString())).isEqualTo(ws.root().resolve("x.txt"));
    }

    @Test
    void symlinkPointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(ws.root().resolve("escape"), outside);
        Files.createSymbolicLink(ws.root().resolve("secret-link.txt"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> ws.resolve("escape/secret.txt")).isInstanceOf(WorkspaceViolation.class);
        assertThatThrownBy(() -> ws.resolve("escape/not-yet-there.txt")).isInstanceOf(WorkspaceViolation.class);
        assertThatThrownBy(() -> ws.resolve("secret-link.txt")).isInstanceOf(WorkspaceViolation.class);
    }

    @Test
    void danglingSymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(ws.root().resolve("dangling"), outside.resolve("nothing-here"));
        assertThatThrownBy(() -> ws.resolve("dangling")).isInstanceOf(WorkspaceViolation.class);
    }

    @Test
    void symlinkInsideTheWorkspaceIsFine() throws Exception {
        Path real = Files.createDirectories(ws.root().resolve("real"));
        Files.writeString(real.resolve("f.txt"), "hi");
        Files.createSymbolicLink(ws.root().resolve("alias"), real);
        assertThat(ws.resolve("alias/f.txt")).isEqualTo(real.resolve("f.txt"));
    }
}
