package dev.hinksbot.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import dev.hinksbot.gateway.common.Durations;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
    /** How long the command line waits for another process's write lock (the gateway uses its config). */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(30);
    private static final String WRITER_PARAMS = "?journal_mode=WAL&synchronous=NORMAL&foreign_keys=true";
    // journal_mode is persistent in the file (set by the writer); a read-only connection must not try to change it.
    private static final String READER_PARAMS = "?foreign_keys=true";

    private final Path file;
    private final String writerUrl;
    private final String readerUrl;
    private final Duration busyTimeout;
    // Replaced (under writeLock) when a failed transaction cannot be rolled back cleanly: never reused half-open.
    private Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile HikariDataSource readers;

    private Database(Path file, String writerUrl, String readerUrl, Duration busyTimeout, Connection writer) {
        this.file = file;
        this.writerUrl = writerUrl;
        this.readerUrl = readerUrl;
        this.busyTimeout = busyTimeout;
        this.writer = writer;
    }

    /** Opens (creating if needed) the database file and its parent directories, then applies pending migrations. */
    public static Database open(Path file) {
        return open(file, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * As {@link #open(Path)}; {@code busyTimeout} is how long a write (and a read) waits for a lock another process
     * holds before failing with {@link StoreBusyException} (gateway.database.busy-timeout).
     */
    public static Database open(Path file, Duration busyTimeout) {
        return open(file, busyTimeout, SchemaMigrations.standard());
    }

    static Database open(Path file, Duration busyTimeout, SchemaMigrations migrations) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory for database " + absolute, e);
        }
        String url = "jdbc:sqlite:" + absolute;
        // Before the writer opens: Flyway uses a connection of its own and closes it, so the store's writer stays the
        // only one this process keeps.
        SchemaMigrations.Outcome migrated = migrations.migrate(url + WRITER_PARAMS, busyTimeout);
        if (migrated.applied() > 0) {
            LOG.info("Applied {} migration(s) to {}, schema now at version {}", migrated.applied(), absolute, migrated.version());
        }
        Connection writer;
        try {
            writer = openWriter(url + WRITER_PARAMS, busyTimeout);
        } catch (SQLException e) {
            throw StoreException.wrap("Opening database " + absolute, e);
        }
        Database db = new Database(absolute, url + WRITER_PARAMS, url + READER_PARAMS, busyTimeout, writer);
        db.readers = readPool(db.readerUrl, busyTimeout);
        return db;
    }

    /**
     * The writer stays in JDBC autocommit mode for its whole life: {@link #inTransaction} issues BEGIN IMMEDIATE /
     * COMMIT / ROLLBACK itself, inside its guarded block. (sqlite-jdbc's setAutoCommit(false) runs BEGIN as a side
     * effect, and when that BEGIN fails with SQLITE_BUSY the connection is left in autocommit-off without a
     * transaction: every later write then failed with "cannot commit - no transaction is active".)
     */
    private static Connection openWriter(String url, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyMillis(busyTimeout));
        return config.createConnection(url);
    }

    private static int busyMillis(Duration busyTimeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, busyTimeout.toMillis()));
    }

    private static SQLiteConfig readOnlyConfig(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true); // must be set at open time; sqlite-jdbc refuses setReadOnly on an open connection
        // WAL readers rarely wait, but opening a snapshot can meet another process's checkpoint or recovery.
        config.setBusyTimeout(busyMillis(busyTimeout));
        return config;
    }

    private static HikariDataSource readPool(String url, Duration busyTimeout) {
        SQLiteDataSource ds = new SQLiteDataSource(readOnlyConfig(busyTimeout));
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
            throw failure("Database read", e);
        }
    }

    /**
     * Runs work in one IMMEDIATE transaction on the single writer connection; callers are serialized.
     * Commits on success, rolls back on any exception. A nested call from inside write work joins the
     * outer transaction. When another process holds the write lock longer than the busy timeout this throws
     * {@link StoreBusyException} and nothing was written; the next call starts clean either way.
     */
    public <T> T write(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        if (writeLock.isHeldByCurrentThread()) {
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw failure("Database write", e);
            }
        }
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(work);
        } catch (SQLException e) {
            throw failure("Database write", e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        boolean begun = false;
        try {
            // Inside the guarded block: a BEGIN that times out on another process's lock must be cleaned up too.
            // IMMEDIATE takes the write lock at BEGIN, so a transaction never has to upgrade from reader to writer
            // mid-way (the classic unrecoverable SQLITE_BUSY); busy_timeout does the waiting.
            execute("BEGIN IMMEDIATE");
            begun = true;
            T result = work.run(writer);
            execute("COMMIT");
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            if (begun) {
                resetWriter(e);
            }
            throw e;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * After any failure inside a transaction (including a COMMIT that failed, which leaves it open): roll back. If
     * even that fails the connection's state is unknown, so it is replaced by a fresh one rather than reused.
     */
    private void resetWriter(Throwable failure) {
        try {
            execute("ROLLBACK");
            return;
        } catch (SQLException rollbackFailure) {
            if (String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
                return; // SQLite already rolled it back itself (e.g. after SQLITE_FULL or an I/O error)
            }
            failure.addSuppressed(rollbackFailure);
        }
        LOG.warn("Rolling back a failed write on {} failed; reopening the writer connection", file);
        try {
            writer.close();
        } catch (SQLException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
        try {
            writer = openWriter(writerUrl, busyTimeout);
        } catch (SQLException reopenFailure) {
            failure.addSuppressed(reopenFailure);
        }
    }

    /**
     * This database as a {@link javax.sql.DataSource} for Camel routes ({@code jdbc:gatewayDb}): each connection is a
     * lease on the store's writer, taken under the same lock as {@link #write}.
     */
    public GatewayDataSource dataSource() {
        return new GatewayDataSource(this);
    }

    /** Takes the write lock for a lease; true when this thread already held it (the lease joins that transaction). */
    boolean lockWriter() {
        ensureOpen();
        writeLock.lock();
        if (closed.get()) {
            writeLock.unlock();
            ensureOpen();
        }
        return writeLock.getHoldCount() > 1;
    }

    void unlockWriter() {
        writeLock.unlock();
    }

    /** The writer connection; only while holding the write lock (it is replaced after a failed rollback). */
    Connection writer() {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the writer is used only under the write lock");
        }
        return writer;
    }

    /** BEGIN IMMEDIATE for a lease: waits up to the busy timeout for another process's lock. */
    void begin() {
        try {
            execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            throw failure("Database write", e);
        }
    }

    void commit() {
        try {
            execute("COMMIT");
        } catch (SQLException e) {
            resetWriter(e);
            throw failure("Database write", e);
        }
    }

    /** Rolls a lease's transaction back (reopening the writer if even that fails). */
    void rollback(Throwable cause) {
        resetWriter(cause);
    }

    /** A driver failure as a StoreException; a lock held elsewhere beyond the busy timeout as StoreBusyException. */
    StoreException failure(String what, SQLException e) {
        StoreException wrapped = StoreException.wrap(what, e);
        if (wrapped.isBusy()) {
            return new StoreBusyException("the database is busy: another process held its lock for longer than "
                    + "gateway.database.busy-timeout (" + Durations.human(busyTimeout) + "); nothing was written, try again", e);
        }
        return wrapped;
    }

    /** The schema version Flyway recorded last (e.g. "11"). */
    public String schemaVersion() {
        return read(SchemaMigrations::currentVersion);
    }

    /**
     * {@code PRAGMA quick_check} reports "ok". Runs on a fresh read-only connection: after heavy writes by the
     * writer, quick_check on a long-lived pooled reader was observed (SQLite 3.54.1) to report FTS5
     * "corruption" that a fresh connection and the writer did not see; searches on those readers stay correct.
     */
    public boolean integrityOk() {
        ensureOpen();
        try (Connection c = readOnlyConfig(busyTimeout).createConnection(readerUrl);
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
