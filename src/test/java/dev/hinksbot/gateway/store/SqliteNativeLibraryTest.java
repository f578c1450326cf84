package dev.hinksbot.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc is pointed at one copy of its native library in the cache folder, the same bytes as in its jar, written
 * once; a library the user named (-Dorg.sqlite.lib.path) is left alone.
 */
class SqliteNativeLibraryTest {

    @Test
    void theLibraryIsCopiedOnceAndNamedForSqliteJdbc(@TempDir Path cache) throws Exception {
        String path = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        String name = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
        try {
            SqliteNativeLibrary.useCache(cache);
            Path dir = Path.of(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY));
            Path library = dir.resolve(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY));
            assertThat(dir.getParent()).isEqualTo(cache);
            assertThat(dir.getFileName().toString()).startsWith("sqlite-" + SQLiteJDBCLoader.getVersion() + "-");
            try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                    LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
                assertThat(Files.readAllBytes(library)).isEqualTo(in.readAllBytes());
            }
            assertThat(Files.list(dir)).as("no temporary file left").containsExactly(library);

            var written = Files.getLastModifiedTime(library);
            System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
            SqliteNativeLibrary.useCache(cache);
            assertThat(Files.getLastModifiedTime(library)).as("the copy is reused").isEqualTo(written);

            System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/mine");
            SqliteNativeLibrary.useCache(cache.resolve("other"));
            assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/mine");
            assertThat(cache.resolve("other")).doesNotExist();
        } finally {
            restore(SqliteNativeLibrary.PATH_PROPERTY, path);
            restore(SqliteNativeLibrary.NAME_PROPERTY, name);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
