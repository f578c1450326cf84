package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --database}: the gateway's SQLite file; by default the one {@code gateway.database.path} names. */
final class StoreOptions {
    @Option(names = "--database", paramLabel = "FILE", description = "database file (default: gateway.database.path from the config)")
    Path database;

    /** The database file these options name. */
    Path path() {
        return database != null ? database : Path.of(ConfigLoader.fromEnvironment().load(Map.of()).get("gateway.database.path"));
    }

    Database open() {
        Map<String, String> config = ConfigLoader.fromEnvironment().load(Map.of());
        Path file = database != null ? database : Path.of(config.get("gateway.database.path"));
        // the CLI waits for the running gateway's writes as long as the gateway waits for others
        return Database.open(file, Duration.ofMillis(ConfigLoader.durationMillis(config.get("gateway.database.busy-timeout"))));
    }
}
