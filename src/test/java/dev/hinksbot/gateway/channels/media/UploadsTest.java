package dev.hinksbot.gateway.channels.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hinksbot.gateway.tools.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads: a sender's file name never leads out of uploads/, and the size cap holds. */
class UploadsTest {
    @TempDir
    Path dir;

    @Test
    void hostileNamesStayInsideTheUploadsFolder() throws Exception {
        Path root = dir.resolve("ws");
        Uploads uploads = new Uploads(new Workspace(root), 1024);
        for (String name : new String[] {"../../etc/passwd", "..\\..\\win.ini", "/abs/path.txt", "..", ".bashrc", "a\0b.txt",
                "x/../../../y", "ünïcødé name.pdf", "", null}) {
            String saved = uploads.save("telegram-1-2", name, new byte[] {1});
            assertThat(saved).startsWith("uploads/telegram-1-2-").doesNotContain("..").doesNotContain("\\");
            Path file = root.toRealPath().resolve(saved).normalize();
            assertThat(file.getParent()).isEqualTo(root.toRealPath().resolve("uploads"));
            assertThat(Files.exists(file)).isTrue();
        }
        assertThat(Uploads.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Uploads.safeName(".bashrc")).isEqualTo("bashrc");
        assertThat(Uploads.safeName("x".repeat(300) + ".txt")).hasSize(80).endsWith(".txt");
    }

    @Test
    void aSymlinkedUploadsFolderPointingOutsideIsRefusedAndBigFilesAreNotSaved() throws Exception {
        Path root = dir.resolve("ws2");
        Files.createDirectories(root);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("uploads"), outside);
        Uploads uploads = new Uploads(new Workspace(root), 4);
        assertThatThrownBy(() -> uploads.save("p", "a.txt", new byte[] {1})).hasMessageContaining("not inside the workspace");
        assertThat(outside.toFile().list()).isEmpty();
        assertThatThrownBy(() -> uploads.save("p", "a.txt", new byte[5])).hasMessageContaining("larger");
    }
}
