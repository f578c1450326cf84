package dev.hinksbot.gateway.agent;

import dev.hinksbot.gateway.common.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A llama-server the gateway runs itself ({@code gateway.llama.server.command}): started on a free loopback port,
 * watched until {@code /health} is ok, restarted with backoff when it dies or never gets healthy, stopped (with
 * anything it started) when the gateway stops. Its output goes to a size-capped log file.
 */
public final class ManagedLlamaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedLlamaServer.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** A server that stayed healthy this long before dying starts over at the first backoff. */
    static final Duration STABLE = Duration.ofMinutes(1);

    /**
     * {@code command} and {@code args} as configured ({@code --host}/{@code --port} are added); {@code hiddenEnv}
     * names environment variables the server must not inherit (the gateway's secrets).
     */
    public record Settings(String command, List<String> args, Duration startupTimeout, Path logFile, long logMaxBytes,
                           Collection<String> hiddenEnv) {
        public Settings {
            args = List.copyOf(args);
            hiddenEnv = List.copyOf(hiddenEnv);
        }
    }

    /** What /api/v1/health shows: {@code starting}, {@code running}, {@code restarting}, {@code stopped}. */
    public record Status(String state, long pid, int port, int restarts, String lastExit, String log) {
    }

    private final Settings settings;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "llama-server-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final CappedLog log;
    private Process process;
    private String state = "stopped";
    private int restarts;
    private int failuresInRow;
    private Instant healthySince;
    private String lastExit;
    private boolean closing;
    private final Thread exitHook = new Thread(this::close, "llama-server-stop");

    /** Picks the port now (so the model client can be pointed at it); {@link #start()} launches. */
    public ManagedLlamaServer(Settings settings) {
        this.settings = settings;
        this.port = freeLoopbackPort();
        this.log = new CappedLog(settings.logFile(), settings.logMaxBytes());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Launches the server; a command that cannot be run at all is a config error (one line, start-up stops). */
    public synchronized void start() {
        stopOrphan();
        // a SIGTERM while the gateway is still starting (before its own shutdown hook exists) must stop the server too
        Runtime.getRuntime().addShutdownHook(exitHook);
        try {
            launch();
        } catch (IOException e) {
            throw new ConfigException("gateway.llama.server.command=" + settings.command() + " cannot be started ("
                    + e.getMessage() + "): name an installed llama-server (see docs/install.md)");
        }
        LOG.info("llama-server managed by the gateway: {} on {} (log {})", settings.command(), baseUrl(), settings.logFile());
    }

    public synchronized Status status() {
        return new Status(state, process == null ? -1 : process.pid(), port, restarts, lastExit, settings.logFile().toString());
    }

    private synchronized void launch() throws IOException {
        if (closing) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(settings.command());
        command.addAll(settings.args());
        command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        settings.hiddenEnv().forEach(pb.environment()::remove);
        log.line("--- " + Instant.now() + " starting: " + String.join(" ", command));
        Process p = pb.start();
        process = p;
        writePidFile(p);
        state = "starting";
        healthySince = null;
        Thread pump = new Thread(() -> log.copy(p.getInputStream()), "llama-server-log");
        pump.setDaemon(true);
        pump.start();
        p.onExit().thenRun(() -> exited(p));
        Instant deadline = Instant.now().plus(settings.startupTimeout());
        submit(() -> awaitHealthy(p, deadline));
    }

    /** Polls /health until ok; a server that is not healthy by the deadline is killed (and so restarted). */
    private void awaitHealthy(Process p, Instant deadline) {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).GET().build();
        while (p.isAlive()) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    healthy(p);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                LOG.warn("llama-server did not become healthy within {} s; restarting it (log {})",
                        settings.startupTimeout().toSeconds(), settings.logFile());
                destroyTree(p.toHandle(), true);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void healthy(Process p) {
        if (p == process && !closing) {
            state = "running";
            healthySince = Instant.now();
            LOG.info("llama-server is ready on {} (pid {})", baseUrl(), p.pid());
        }
    }

    private synchronized void exited(Process p) {
        if (closing || p != process) {
            return;
        }
        lastExit = "exit code " + p.exitValue() + " at " + Instant.now();
        if (healthySince != null && Duration.between(healthySince, Instant.now()).compareTo(STABLE) > 0) {
            failuresInRow = 0;
        }
        Duration delay = backoff(failuresInRow++);
        restarts++;
        state = "restarting";
        LOG.warn("llama-server (pid {}) exited with code {}; restarting it in {} ms (restart {}, log {})",
                p.pid(), p.exitValue(), delay.toMillis(), restarts, settings.logFile());
        try {
            scheduler.schedule(this::relaunch, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the gateway is stopping
        }
    }

    private void relaunch() {
        try {
            launch();
        } catch (IOException e) {
            synchronized (this) {
                Duration delay = backoff(failuresInRow++);
                lastExit = "cannot start: " + e.getMessage();
                LOG.warn("llama-server cannot be started ({}); trying again in {} ms", e.getMessage(), delay.toMillis());
                try {
                    scheduler.schedule(this::relaunch, delay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    // the gateway is stopping
                }
            }
        }
    }

    /** 1 s, 2 s, 4 s … up to a minute. */
    static Duration backoff(int failuresInRow) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(failuresInRow, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private void submit(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException closed) {
            // the gateway is stopping
        }
    }

    /** Stops the server and whatever it started (SIGTERM, then SIGKILL after 10 s) and waits until they are gone. */
    @Override
    public void close() {
        Process p;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            p = process;
            state = "stopped";
        }
        scheduler.shutdownNow();
        if (Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // the JVM is exiting (the hook runs, and finds this done) or start() never ran
            }
        }
        if (p != null) {
            destroyTree(p.toHandle(), false);
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    destroyTree(p.toHandle(), true);
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                destroyTree(p.toHandle(), true);
                Thread.currentThread().interrupt();
            }
            LOG.info("llama-server (pid {}) stopped", p.pid());
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            LOG.debug("llama-server pid file not removed: {}", e.toString());
        }
        log.close();
    }

    /** {@code llama-server.pid} beside the log: "PID PORT" of the server running now, removed at a clean stop. */
    private Path pidFile() {
        return settings.logFile().resolveSibling("llama-server.pid");
    }

    private void writePidFile(Process p) {
        try {
            Files.createDirectories(pidFile().toAbsolutePath().getParent());
            Files.writeString(pidFile(), p.pid() + " " + port + "\n");
        } catch (IOException e) {
            LOG.warn("llama-server pid file {} not written ({}); a kill -9 of the gateway would leave it running", pidFile(), e.toString());
        }
    }

    /**
     * A gateway killed with SIGKILL runs no shutdown hook, so its llama-server lives on; the next start with the same
     * home stops it (only when that process still listens on the port recorded for it, so an unrelated pid is left alone).
     */
    private void stopOrphan() {
        String[] recorded;
        try {
            recorded = Files.readString(pidFile()).strip().split(" ");
        } catch (IOException noFile) {
            return;
        }
        try {
            long pid = Long.parseLong(recorded[0]);
            String portArg = "--port " + Integer.parseInt(recorded[1]);
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(portArg) && c.contains("llama")).orElse(false))
                    .ifPresent(h -> {
                        LOG.warn("stopping llama-server pid {} left running by a gateway that did not stop cleanly", pid);
                        destroyTree(h, false);
                        try {
                            h.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            destroyTree(h, true);
                        }
                    });
        } catch (RuntimeException malformed) {
            LOG.debug("llama-server pid file {} ignored: {}", pidFile(), malformed.toString());
        }
    }

    private static void destroyTree(ProcessHandle root, boolean force) {
        root.descendants().forEach(h -> {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
        if (force) {
            root.destroyForcibly();
        } else {
            root.destroy();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ConfigException("no free loopback port for the managed llama-server: " + e.getMessage());
        }
    }

    /** The server's output, appended to one file; past {@code maxBytes} the file moves to {@code NAME.1} and starts over. */
    static final class CappedLog {
        private final Path file;
        private final long maxBytes;
        private OutputStream out;
        private long size;
        private boolean closed;
        private boolean warned;

        CappedLog(Path file, long maxBytes) {
            this.file = file;
            this.maxBytes = maxBytes;
        }

        void copy(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    write(buffer, n);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }

        void line(String text) {
            byte[] bytes = (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            write(bytes, bytes.length);
        }

        synchronized void write(byte[] bytes, int length) {
            if (closed) {
                return;
            }
            try {
                if (out == null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    size = Files.size(file);
                }
                int offset = 0;
                while (offset < length) { // a hard cap: a chunk that does not fit is split across the rotation
                    if (size >= maxBytes) {
                        out.close();
                        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                        size = 0;
                    }
                    int n = (int) Math.min(length - offset, maxBytes - size);
                    out.write(bytes, offset, n);
                    offset += n;
                    size += n;
                }
                out.flush();
            } catch (IOException e) {
                if (!warned) { // once: a full disk must not flood the gateway's own log
                    warned = true;
                    LOG.warn("llama-server's output is not written to {}: {}", file, e.toString());
                }
            }
        }

        synchronized void close() {
            closed = true;
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // nothing more to write
            }
            out = null;
        }
    }
}
