package dev.hinksbot.gateway.store;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Unchecked persistence failure. The message names only the operation and the SQLite result code
 * (never SQL parameters or row values), so it is safe to log or show; the original exception is the cause.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Wraps a driver exception as "{@code <what> failed (SQLITE_BUSY)}". */
    public static StoreException wrap(String what, SQLException e) {
        return new StoreException(what + " failed (" + codeOf(e) + ")", e);
    }

    /** True when the cause chain reports SQLITE_BUSY / SQLITE_LOCKED ("database is locked"). */
    public boolean isBusy() {
        return getCause() instanceof SQLException e && (codeOf(e).startsWith("SQLITE_BUSY") || codeOf(e).startsWith("SQLITE_LOCKED"));
    }

    private static String codeOf(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            return se.getResultCode().name();
        }
        return "SQLState " + e.getSQLState() + ", code " + e.getErrorCode();
    }
}
