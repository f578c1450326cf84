package dev.hinksbot.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway costs, measured against llama-server itself in the same run: a real llama-server
 * (../shared/tools/llama-server with ../shared/models/stories260K.gguf) and the packaged gateway in its own JVM,
 * the same requests sent to both side by side. Run with {@code ./mvnw -Pbench verify} (docs/benchmark.md).
 */
public final class OverheadBenchmark {
    private static final Path LLAMA = Path.of("../shared/tools/llama-server");
    private static final Path MODEL = Path.of("../shared/models/stories260K.gguf");
    private static final Path JAR = Path.of("target/hinksbot-gateway.jar");
    private static final String PROMPT = "Once upon a time";
    /** llama-server's threads: one leaves the other core to the gateway and the load generator (-Dbench.llama-threads). */
    private static final String LLAMA_THREADS = System.getProperty("bench.llama-threads", "1");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newCachedThreadPool()).connectTimeout(Duration.ofSeconds(5)).build();
    private final String direct;
    private final String gateway;
    private final String model;
    private final List<String> misses = new ArrayList<>();

    private OverheadBenchmark(String direct, String gateway, String model) {
        this.direct = direct;
        this.gateway = gateway;
        this.model = model;
    }

    public static void main(String[] args) throws Exception {
        if (!Files.isExecutable(LLAMA) || !Files.exists(MODEL)) {
            System.err.println("benchmark needs " + LLAMA + " and " + MODEL + " (run from the repository root, beside shared/)");
            System.exit(2);
        }
        if (!Files.exists(JAR)) {
            System.err.println("benchmark needs the packaged gateway: ./mvnw -Pbench verify builds it first");
            System.exit(2);
        }
        int llamaPort = freePort();
        int gatewayPort = freePort();
        Path dir = Files.createTempDirectory("hinksbot-bench");
        Path profiles = Files.createDirectories(dir.resolve("agent"));
        Files.writeString(profiles.resolve("bench.md"), "---\ndescription: no tools, no system prompt\ntool-groups: []\nmax-turns: 1\n---\n");
        Process llama = new ProcessBuilder(LLAMA.toString(), "--host", "127.0.0.1", "--port", String.valueOf(llamaPort),
                "-m", MODEL.toString(), "-c", "32768", "-np", "64", "-t", LLAMA_THREADS)
                .redirectErrorStream(true).redirectOutput(dir.resolve("llama.log").toFile()).start();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process gw = new ProcessBuilder(javaBin, "-Xmx512m",
                "-Dcamel.server.port=" + gatewayPort, "-Dgateway.llama.base-url=http://127.0.0.1:" + llamaPort,
                "-Dgateway.database.path=" + dir.resolve("bench.db"), "-Dgateway.workspace=" + dir.resolve("workspace"),
                "-Dgateway.agent.dir=" + profiles, "-Dgateway.api.max-concurrent-runs=512", "-Dcamel.main.routes-reload-enabled=false",
                "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
        try {
            OverheadBenchmark bench = new OverheadBenchmark("http://127.0.0.1:" + llamaPort, "http://127.0.0.1:" + gatewayPort, null);
            bench.awaitUp(bench.direct + "/health");
            bench.awaitUp(bench.gateway + "/health");
            String upstreamModel = bench.modelId();
            bench = new OverheadBenchmark(bench.direct, bench.gateway, upstreamModel);
            bench.run(gw);
        } finally {
            gw.destroy();
            llama.destroy();
        }
    }

    private void run(Process gatewayProcess) throws Exception {
        System.out.printf(Locale.ROOT, "%nHinksBot Gateway overhead benchmark — llama-server %s (-t %s -np 64), model %s, %d cores, Java %s%n",
                direct, LLAMA_THREADS, model, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("Every gateway request is paired with the same request sent straight to llama-server at the same time.");
        warmUp();

        System.out.println("\n1) Pass-through, non-streaming (max_tokens 4): added latency = gateway − direct, per pair");
        System.out.println("   conc  pairs   direct p50   gateway p50   added p50   added p99   self-reported overhead p50 / p99");
        for (int concurrency : new int[] {1, 4, 16}) {
            Pairs p = pairs(model, concurrency, concurrency == 1 ? 300 : 600);
            System.out.printf(Locale.ROOT, "   %4d  %5d   %8.2f ms   %8.2f ms  %7.2f ms  %7.2f ms   %.3f ms / %.3f ms%n",
                    concurrency, p.added.size(), pct(p.direct, 50), pct(p.gateway, 50), pct(p.added, 50), pct(p.added, 99),
                    pct(p.reported, 50), pct(p.reported, 99));
            if (concurrency == 4) {
                target("pass-through added p50 ≤ 1 ms at concurrency 4", pct(p.added, 50) <= 1.0, pct(p.added, 50));
                target("pass-through added p99 ≤ 5 ms at concurrency 4", pct(p.added, 99) <= 5.0, pct(p.added, 99));
            }
        }

        System.out.println("\n2) Pass-through, streaming (max_tokens 200): time to first token and tokens/s");
        streams(model, 1, 20, true);
        streams(model, 32, 32, true);

        System.out.println("\n3) Agent profile 'bench' (no tools, no system prompt) against the same request sent direct");
        System.out.println("   conc  pairs   direct p50   gateway p50   added p50   added p99   self-reported overhead p50 / p99");
        for (int concurrency : new int[] {1, 4}) {
            Pairs p = pairs("bench", concurrency, 200);
            System.out.printf(Locale.ROOT, "   %4d  %5d   %8.2f ms   %8.2f ms  %7.2f ms  %7.2f ms   %.3f ms / %.3f ms%n",
                    concurrency, p.added.size(), pct(p.direct, 50), pct(p.gateway, 50), pct(p.added, 50), pct(p.added, 99),
                    pct(p.reported, 50), pct(p.reported, 99));
        }
        streams("bench", 1, 20, false);
        streams("bench", 32, 32, false);

        System.out.println("\n4) 256 concurrent pass-through streams (max_tokens 32)");
        int errors = manyStreams(256);
        System.out.printf(Locale.ROOT, "   errors: %d of 256%n", errors);
        target("256 concurrent streams, no errors", errors == 0, errors);

        System.out.println("\n5) Gateway memory after the run");
        long rssKb = rssKb(gatewayProcess.pid());
        System.out.printf(Locale.ROOT, "   RSS %.1f MB; heap %s%n", rssKb / 1024.0, heap(gatewayProcess.pid()));

        System.out.println(misses.isEmpty() ? "\nAll targets met." : "\nTargets missed: " + String.join("; ", misses));
    }

    private void target(String what, boolean met, double figure) {
        System.out.printf(Locale.ROOT, "   target %-48s %s (%.3f)%n", what, met ? "MET" : "MISSED", figure);
        if (!met) {
            misses.add(what + " (" + String.format(Locale.ROOT, "%.3f", figure) + ")");
        }
    }

    // ---- non-streaming pairs ----

    private record Pairs(List<Double> direct, List<Double> gateway, List<Double> added, List<Double> reported) {
    }

    private Pairs pairs(String gatewayModel, int concurrency, int total) throws Exception {
        Pairs out = new Pairs(sync(), sync(), sync(), sync());
        AtomicInteger next = new AtomicInteger();
        runWorkers(concurrency, () -> {
            while (next.getAndIncrement() < total) {
                String body = chatBody(model, 4, false);
                String gwBody = chatBody(gatewayModel, 4, false);
                // both at once, so they see the same load
                Future<Timed> d = ASYNC.submit(() -> timed(direct, body));
                Timed g = timed(gateway, gwBody);
                Timed dd = d.get();
                out.direct.add(dd.ms);
                out.gateway.add(g.ms);
                out.added.add(g.ms - dd.ms);
                out.reported.add(g.overheadMs);
            }
            return null;
        });
        return out;
    }

    private static final ExecutorService ASYNC = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    private record Timed(double ms, double overheadMs) {
    }

    private Timed timed(String base, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(post(base, body), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(base + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Timed(ms, Double.parseDouble(r.headers().firstValue("X-Gateway-Overhead-Ms").orElse("0")));
    }

    // ---- streaming ----

    /** {@code modelTokensPerSecond}: llama-server's own predicted_per_second for the stream (0 if not reported). */
    private record StreamStats(double ttftMs, double tokensPerSecond, double modelTokensPerSecond, boolean ok) {
    }

    /**
     * {@code concurrency} streams in flight: alone, a direct and a gateway stream take turns; otherwise half of the
     * streams in flight go direct and half through the gateway, started in pairs.
     */
    private void streams(String gatewayModel, int concurrency, int total, boolean passThrough) throws Exception {
        List<Double> dTtft = sync();
        List<Double> gTtft = sync();
        List<Double> dTps = sync();
        List<Double> gTps = sync();
        List<Double> dModel = sync();
        List<Double> gModel = sync();
        AtomicInteger next = new AtomicInteger();
        boolean alone = concurrency == 1;
        runWorkers(alone ? 1 : concurrency / 2, () -> {
            while (next.getAndIncrement() < total) {
                Future<StreamStats> d = ASYNC.submit(() -> stream(direct, chatBody(model, 200, true)));
                if (alone) {
                    d.get();
                }
                StreamStats g = stream(gateway, chatBody(gatewayModel, 200, true));
                StreamStats dd = d.get();
                if (dd.ok && g.ok) {
                    dTtft.add(dd.ttftMs);
                    gTtft.add(g.ttftMs);
                    dTps.add(dd.tokensPerSecond);
                    gTps.add(g.tokensPerSecond);
                    dModel.add(dd.modelTokensPerSecond);
                    gModel.add(g.modelTokensPerSecond);
                }
            }
            return null;
        });
        double ratio = pct(gTps, 50) / pct(dTps, 50);
        System.out.printf(Locale.ROOT, "   %s, %2d concurrent (%d streams): TTFT p50 direct %.2f ms, gateway %.2f ms (added %.2f ms);"
                        + " tokens/s at the client p50 direct %.0f, gateway %.0f, ratio %.3f;"
                        + " llama-server's own predicted_per_second p50 direct %.0f, gateway %.0f%n",
                passThrough ? "pass-through" : "agent 'bench'", concurrency, dTps.size(), pct(dTtft, 50), pct(gTtft, 50),
                pct(gTtft, 50) - pct(dTtft, 50), pct(dTps, 50), pct(gTps, 50), ratio, pct(dModel, 50), pct(gModel, 50));
        if (passThrough) {
            target("streaming tokens/s ≥ 99% of direct at " + concurrency + " concurrent", ratio >= 0.99, ratio);
        }
    }

    /** Time to the first content delta, and content deltas per second after it. */
    private StreamStats stream(String base, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(post(base, body), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            return new StreamStats(0, 0, 0, false);
        }
        double modelTps = 0;
        long first = 0;
        long last = 0;
        int tokens = 0;
        boolean done = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                if (line.equals("data: [DONE]")) {
                    done = true;
                    break;
                }
                JsonNode chunk = Json.parse(line.substring(6));
                if (chunk.has("error")) {
                    return new StreamStats(0, 0, 0, false);
                }
                modelTps = chunk.path("timings").path("predicted_per_second").asDouble(modelTps);
                JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
                if (content.isTextual() && !content.asText().isEmpty()) {
                    long now = System.nanoTime();
                    if (first == 0) {
                        first = now;
                    }
                    last = now;
                    tokens++;
                }
            }
        }
        if (!done || tokens < 2) {
            return new StreamStats(0, 0, 0, done);
        }
        return new StreamStats((first - start) / 1e6, (tokens - 1) / ((last - first) / 1e9), modelTps, true);
    }

    private int manyStreams(int count) throws Exception {
        AtomicInteger errors = new AtomicInteger();
        runWorkers(count, () -> {
            StreamStats s = stream(gateway, chatBody(model, 32, true));
            if (!s.ok) {
                errors.incrementAndGet();
            }
            return null;
        });
        return errors.get();
    }

    // ---- plumbing ----

    private void warmUp() throws Exception {
        for (int i = 0; i < 300; i++) {
            timed(direct, chatBody(model, 4, false));
            timed(gateway, chatBody(model, 4, false));
            if (i % 3 == 0) {
                timed(gateway, chatBody("bench", 4, false));
                stream(gateway, chatBody(model, 8, true));
            }
        }
    }

    private String chatBody(String chatModel, int maxTokens, boolean stream) {
        return "{\"model\":\"" + chatModel + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],"
                + "\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"seed\":42,\"stream\":" + stream + "}";
    }

    private HttpRequest post(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void runWorkers(int n, Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(work));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String modelId() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(direct + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body()).path("data").path(0).path("id").asText();
    }

    private void awaitUp(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not come up");
    }

    private static List<Double> sync() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    private static double pct(List<Double> values, double p) {
        List<Double> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Heap use as the gateway's JVM reports it (jcmd GC.heap_info). */
    private static String heap(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.contains("total") && l.contains("used")).findFirst().orElse(out.strip()).trim();
        } catch (IOException | InterruptedException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
