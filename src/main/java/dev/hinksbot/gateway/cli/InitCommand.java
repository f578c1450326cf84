package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.GatewayHome;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hinksbot init [DIR]`: writes a home with the default config, routes, tools and agent profiles; never overwrites. */
@Command(name = "init", description = "Write a home folder with the default config/, routes/, tools/ and agent/ (existing files are kept).")
final class InitCommand implements Callable<Integer> {
    /** Where the build puts the defaults in the jar (pom.xml: the repo's config/, routes/, tools/, agent/, processors/). */
    static final String TEMPLATE = "/hinksbot-home";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "the home to write (default: --home / HINKSBOT_HOME, else ~/.hinksbot)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Path home = dir != null ? dir.toAbsolutePath().normalize()
                : GatewayHome.explicit(System.getenv(), System.getProperties()).map(GatewayHome::root)
                        .orElseGet(() -> GatewayHome.userDefault(System.getProperties()));
        List<Path> written = writeHome(home);
        System.out.println(written.isEmpty() ? "home " + home + " already has every default file; nothing written"
                : "wrote " + written.size() + " files to " + home + "; run: hinksbot --home " + home);
        return 0;
    }

    /** Copies every default file that {@code home} lacks; returns the files written. */
    static List<Path> writeHome(Path home) throws IOException {
        URL template = InitCommand.class.getResource(TEMPLATE);
        if (template == null) {
            throw new IOException("the defaults are missing from this build (" + TEMPLATE + ")");
        }
        URI uri;
        try {
            uri = template.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return copyMissing(jar.getPath(TEMPLATE), home);
            }
        }
        return copyMissing(Path.of(uri), home);
    }

    private static List<Path> copyMissing(Path from, Path home) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(home);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.filter(Files::isRegularFile).sorted().toList()) {
                Path target = home.resolve(from.relativize(source).toString());
                if (Files.exists(target)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(source, target);
                if (target.getFileName().toString().endsWith(".properties")) {
                    ownerOnly(target); // the config file is where tokens and keys go
                }
                written.add(target);
            }
        }
        return written;
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException notPosix) {
            // not a POSIX file system: its own rules apply
        }
    }
}
