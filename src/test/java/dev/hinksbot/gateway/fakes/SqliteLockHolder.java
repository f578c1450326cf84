package dev.hinksbot.gateway.fakes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Another OS process holding the write lock on a database, the way the {@code sqlite3} CLI or a backup tool does:
 * {@code BEGIN IMMEDIATE}, wait, roll back. A separate JVM (not a second connection in the test's JVM) so that SQLite's
 * file locks, not an in-process shortcut, are what the gateway meets.
 *
 * <p>{@code main(db, seconds)} prints {@code locked} once it holds the lock and exits after {@code seconds}.
 */
public final class SqliteLockHolder implements AutoCloseable {
    private final Process process;

    private SqliteLockHolder(Process process) {
        this.process = process;
    }

    /** Starts the holder and returns once it holds the lock (or fails if it could not take it within 20 s). */
    public static SqliteLockHolder hold(Path db, Duration howLong) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SqliteLockHolder.class.getName(), db.toAbsolutePath().toString(), String.valueOf(howLong.toMillis()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.equals("locked")) {
                return new SqliteLockHolder(p);
            }
            seen.append(line).append('\n');
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("lock holder did not take the lock: " + seen);
    }

    /** Waits until the holder has released the lock and exited. */
    public void awaitReleased(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("lock holder still running after " + max);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly(); // the OS drops the file lock with the process
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0] + "?busy_timeout=10000");
             Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            s.execute("ROLLBACK");
        }
    }
}
