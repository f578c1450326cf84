package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.store.Database;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --database}: the gateway's SQLite file; by default the one {@code gateway.database.path} names. */
final class StoreOptions {
    @Option(names = "--database", paramLabel = "FILE", description = "database file (default: gateway.database.path from the config)")
    Path database;

    Database open() {
        Path file = database != null ? database
                : Path.of(ConfigLoader.fromEnvironment().load(Map.of()).get("gateway.database.path"));
        return Database.open(file);
    }
}
