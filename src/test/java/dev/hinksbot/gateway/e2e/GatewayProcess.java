package dev.hinksbot.gateway.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a separate JVM (the CLI's `run`), so a test can kill it with SIGKILL (no shutdown hook runs) or
 * stop it with SIGTERM (the shutdown hook runs), then start another on the same data directory.
 */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a gateway on {@code dir} (database, workspace, tools) and waits until /api/v1/health answers 200. */
    static GatewayProcess start(String llamaBaseUrl, Path dir, String logName, Map<String, String> extra) throws Exception {
        GatewayProcess gateway = launch(llamaBaseUrl, dir, logName, extra);
        try {
            gateway.awaitHealthy();
        } catch (Exception | Error e) {
            gateway.kill();
            throw e;
        }
        return gateway;
    }

    /** Starts a gateway on {@code dir} and returns at once, while it is still starting. */
    static GatewayProcess launch(String llamaBaseUrl, Path dir, String logName, Map<String, String> extra) throws IOException {
        int port = freePort();
        Path log = dir.resolve(logName);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java,
                "-XX:TieredStopAtLevel=1",
                "-Dcamel.server.port=" + port,
                "-Dcamel.main.routes-reload-enabled=false",
                "-Dgateway.llama.base-url=" + llamaBaseUrl,
                "-Dgateway.database.path=" + dir.resolve("gateway.db"),
                "-Dgateway.workspace=" + dir.resolve("workspace"),
                "-Dgateway.tools.dir=" + dir.resolve("tools"),
                "-Dgateway.delivery.dir=" + dir.resolve("deliveries"),
                "-Dgateway.llama.idle-timeout=5s"));
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hinksbot.gateway.cli.GatewayCli"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(Path.of(System.getProperty("user.dir")).toFile()) // the project root: config/ and routes/
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("HINKSBOT_GATEWAY_CONFIG");
        return new GatewayProcess(pb.start(), port, log);
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }

    /** SIGKILL: no shutdown hook, nothing recorded after this instant. */
    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the gateway process did not die");
            }
        }
    }

    /** SIGTERM: the shutdown hook stops the gateway gracefully. */
    void terminate() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the gateway did not stop within 60 s after SIGTERM:\n" + tail());
            }
        }
    }

    /** Waits until the log has a line containing {@code text}; false if the process ended or the time ran out first. */
    boolean awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Waits until the HTTP port accepts connections (Camel is starting: the API may not answer yet). */
    boolean awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(5);
            }
        }
        return false;
    }

    /** SIGTERM, then waits up to {@code timeout} for the process to end; its exit code, or empty if it did not end. */
    java.util.OptionalInt terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    /** Waits up to {@code timeout} for the process to end by itself; its exit code, or empty if it still runs. */
    java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitHealthy() throws Exception {
        HttpRequest health = HttpRequest.newBuilder(uri("/api/v1/health")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not become healthy on port " + port + ":\n" + tail());
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
