package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.store.Backup;
import dev.hinksbot.gateway.store.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code backup FILE}: a consistent copy of the database, safe while the gateway runs. */
@Command(name = "backup", description = "Copy the database to FILE while the gateway runs (VACUUM INTO), then check the copy"
        + " (integrity_check). Never overwrites FILE.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;
    @Parameters(index = "0", paramLabel = "FILE", description = "the new backup file (must not exist)")
    Path target;

    @Override
    public Integer call() {
        try {
            Backup.Result r = Backup.run(store.path(), target, Database.DEFAULT_BUSY_TIMEOUT);
            System.out.println("backup written to " + r.file() + " (" + r.bytes() + " bytes, integrity_check " + r.integrity() + ")");
            return 0;
        } catch (Backup.BackupException e) {
            System.err.println("backup failed: " + e.getMessage());
            return 1;
        }
    }
}
