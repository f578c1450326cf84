package dev.hinksbot.gateway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real llama-server (Debian's build, installed by `../shared/tools/llama-server --install-only`) with the stories
 * model, on a free port, for the tests that need the real wire. The installed launcher is started directly, so the
 * start-up deadline never pays for an install.
 */
final class RealLlama implements AutoCloseable {
    static final Path WRAPPER = Path.of("../shared/tools/llama-server");
    static final Path MODEL = Path.of("../shared/models/stories260K.gguf");
    static final Duration STARTUP_DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final String url;
    private final Path log;

    private RealLlama(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Why no real llama-server can run here (tests then skip, saying so), or null when one can. */
    static String unavailable() {
        if (!Files.isExecutable(WRAPPER) || !Files.isRegularFile(MODEL)) {
            return "skipped: no real llama-server at " + WRAPPER.toAbsolutePath() + " (CI always has one)";
        }
        return installedServer() == null ? "skipped: llama-server is not installed; run " + WRAPPER
                + " --install-only first (.ci/run does), so installing never counts against a test's start-up deadline" : null;
    }

    /** Starts one with {@code args} (e.g. "-c", "2048") and waits until it is healthy; its output goes to target/{logName}. */
    static RealLlama start(String logName, String... args) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(installedServer().toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "-m", MODEL.toString()));
        command.addAll(List.of(args));
        Path log = Path.of("target", logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealLlama llama = new RealLlama(process, "http://127.0.0.1:" + port, log);
        try {
            llama.awaitHealthy();
        } catch (Exception | Error e) {
            llama.close();
            throw e;
        }
        return llama;
    }

    /**
     * The launcher the wrapper installed, or null: {@code HINKSBOT_LLAMA_SERVER} (set by `.ci/run` from the wrapper's
     * {@code --install-only} output; then it must exist), else the wrapper's install place
     * ({@code $LLAMA_SERVER_HOME}, or {@code ${XDG_CACHE_HOME:-$HOME/.cache}/llama-server-deb}, + /llama-server).
     */
    static Path installedServer() {
        String fromCi = System.getenv("HINKSBOT_LLAMA_SERVER");
        if (fromCi != null && !fromCi.isBlank()) {
            Path p = Path.of(fromCi);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("HINKSBOT_LLAMA_SERVER=" + fromCi + " is not an executable llama-server"
                        + " launcher; run ../shared/tools/llama-server --install-only and pass what it prints");
            }
            return p;
        }
        String home = System.getenv("LLAMA_SERVER_HOME");
        if (home == null || home.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            home = (cache == null || cache.isBlank() ? System.getProperty("user.home") + "/.cache" : cache) + "/llama-server-deb";
        }
        Path launcher = Path.of(home, "llama-server");
        return Files.isExecutable(launcher) ? launcher : null;
    }

    String url() {
        return url;
    }

    /** The server's pid (the launcher execs it, so this is llama-server itself). */
    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("llama-server exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("llama-server did not become healthy within " + STARTUP_DEADLINE.toSeconds() + " s");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
