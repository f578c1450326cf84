package dev.hinksbot.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The repository's routes/ copied into a new temporary folder, for a test that edits, adds or reloads route files. */
final class ShippedRoutes {
    private ShippedRoutes() {
    }

    static Path copy() {
        try {
            Path dir = Files.createTempDirectory("routes");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
