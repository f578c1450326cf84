package dev.hinksbot.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, copied out of its jar once into the cache folder and loaded from there: otherwise
 * sqlite-jdbc copies it to the temp folder on every start and compares the copy byte by byte (a twentieth of a start).
 * A copy that does not load is skipped by sqlite-jdbc, which then extracts its own as before.
 */
public final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {
    }

    /**
     * Has sqlite-jdbc load its library from {@code cacheDir} (written there first if needed), unless a library was
     * named already ({@code -Dorg.sqlite.lib.path}) or this platform's is not in the jar. Before the first connection.
     */
    public static void useCache(Path cacheDir) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = folder + "/" + name;
        // one folder per sqlite-jdbc version and platform: an upgrade never loads the old library
        Path dir = cacheDir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + folder.replaceAll("^/org/sqlite/native", "")
                .replace('/', '-'));
        Path library = dir.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, name, ".tmp");
                    try {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        try {
                            Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE);
                        } catch (AtomicMoveNotSupportedException e) {
                            Files.move(tmp, library);
                        }
                    } catch (FileAlreadyExistsException e) {
                        // another gateway on the same data folder wrote it first
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException e) {
            LOG.debug("SQLite's native library not cached in {}: {}", dir, e.toString());
        }
    }
}
