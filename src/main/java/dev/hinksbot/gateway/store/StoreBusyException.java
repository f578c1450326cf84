package dev.hinksbot.gateway.store;

import java.sql.SQLException;

/**
 * Another process (the CLI, {@code sqlite3}, a backup) held the database's write lock for longer than
 * {@code gateway.database.busy-timeout}. Nothing was written; the writer is clean and the next write can succeed,
 * so callers answer "try again" (HTTP 503 {@code store_busy}) rather than "internal error".
 */
public final class StoreBusyException extends StoreException {
    public StoreBusyException(String message, SQLException cause) {
        super(message, cause);
    }
}
