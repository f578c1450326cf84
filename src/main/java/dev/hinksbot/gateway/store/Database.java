package dev.hinksbot.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database file: one serialized writer connection plus a small read-only pool (WAL lets readers
 * run alongside the writer). All SQL goes through {@link #read} and {@link #write}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int READ_POOL_SIZE = 4;
    private static final String WRITER_PARAMS = "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=5000&foreign_keys=true";
    // journal_mode is persistent in the file (set by the writer); a read-only connection must not try to change it.
    private static final String READER_PARAMS = "?busy_timeout=5000&foreign_keys=true";

    private final Path file;
    private final String readerUrl;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile HikariDataSource readers;

    private Database(Path file, String readerUrl, Connection writer) {
        this.file = file;
        this.readerUrl = readerUrl;
        this.writer = writer;
    }

    /** Opens (creating if needed) the database file and its parent directories, then applies pending migrations. */
    public static Database open(Path file) {
        return open(file, java.time.Duration.ofSeconds(5));
    }

    public static Database open(Path file, java.time.Duration busyTimeout) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory for database " + absolute, e);
        }
        String url = "jdbc:sqlite:" + absolute;
        Connection writer;
        try {
            SQLiteConfig config = new SQLiteConfig();
            // IMMEDIATE takes the write lock at BEGIN, so a transaction never has to upgrade from reader to
            // writer mid-way (the classic unrecoverable SQLITE_BUSY); busy_timeout then does the waiting.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            writer = config.createConnection(url + WRITER_PARAMS);
        } catch (SQLException e) {
            throw StoreException.wrap("Opening database " + absolute, e);
        }
        Database db = new Database(absolute, url + READER_PARAMS, writer);
        try {
            int applied = Migrations.standard().migrate(db);
            if (applied > 0) {
                LOG.info("Applied {} migration(s) to {}", applied, absolute);
            }
            db.readers = readPool(db.readerUrl);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static SQLiteConfig readOnlyConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true); // must be set at open time; sqlite-jdbc refuses setReadOnly on an open connection
        return config;
    }

    private static HikariDataSource readPool(String url) {
        SQLiteDataSource ds = new SQLiteDataSource(readOnlyConfig());
        ds.setUrl(url);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName("hinksbot-store-read");
        hc.setMaximumPoolSize(READ_POOL_SIZE);
        hc.setMinimumIdle(1);
        hc.setReadOnly(true); // Hikari always calls setReadOnly(flag); it must match the open mode or sqlite-jdbc throws
        // Each read() runs in one deferred transaction = one consistent snapshot (e.g. a page and its total).
        hc.setAutoCommit(false);
        return new HikariDataSource(hc);
    }

    /** Runs read-only work on a pooled connection, inside one snapshot. Writes are rejected by SQLite. */
    public <T> T read(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        try (Connection c = readers.getConnection()) {
            try {
                return work.run(c);
            } finally {
                c.rollback(); // ends the snapshot so the WAL can be checkpointed
            }
        } catch (SQLException e) {
            throw StoreException.wrap("Database read", e);
        }
    }

    /**
     * Runs work in one IMMEDIATE transaction on the single writer connection; callers are serialized.
     * Commits on success, rolls back on any exception. A nested call from inside write work joins the
     * outer transaction.
     */
    public <T> T write(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        if (writeLock.isHeldByCurrentThread()) {
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw StoreException.wrap("Database write", e);
            }
        }
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(work);
        } catch (SQLException e) {
            throw StoreException.wrap("Database write", e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        writer.setAutoCommit(false); // sqlite-jdbc issues BEGIN IMMEDIATE here
        T result;
        try {
            result = work.run(writer);
            writer.commit();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                writer.rollback();
                endTransaction();
            } catch (SQLException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        endTransaction();
        return result;
    }

    // Back to autocommit: with autocommit off sqlite-jdbc re-BEGINs right after commit, which would hold the
    // write lock between calls and block any other process's writer.
    private void endTransaction() throws SQLException {
        writer.setAutoCommit(true);
    }

    public int schemaVersion() {
        return read(Migrations::currentVersion);
    }

    /**
     * {@code PRAGMA quick_check} reports "ok". Runs on a fresh read-only connection: after heavy writes by the
     * writer, quick_check on a long-lived pooled reader was observed (SQLite 3.54.1) to report FTS5
     * "corruption" that a fresh connection and the writer did not see; searches on those readers stay correct.
     */
    public boolean integrityOk() {
        ensureOpen();
        try (Connection c = readOnlyConfig().createConnection(readerUrl);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            return rs.next() && "ok".equalsIgnoreCase(rs.getString(1)) && !rs.next();
        } catch (SQLException e) {
            throw StoreException.wrap("Integrity check", e);
        }
    }

    /** The current journal mode ("wal" once open). */
    public String journalMode() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    public Path file() {
        return file;
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (readers != null) {
            readers.close();
        }
        writeLock.lock(); // let an in-flight write finish first
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA optimize"); // cheap; keeps query-planner statistics current
        } catch (SQLException e) {
            LOG.debug("PRAGMA optimize failed on close", e);
        } finally {
            try {
                writer.close();
            } catch (SQLException e) {
                LOG.warn("Closing database writer failed ({})", e.getClass().getSimpleName(), e);
            }
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Database is closed: " + file);
        }
    }
}
