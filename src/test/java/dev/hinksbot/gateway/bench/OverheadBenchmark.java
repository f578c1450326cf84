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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the gateway costs, measured against llama-server itself and against a minimal Vert.x reverse proxy
 * ({@link BaselineProxy}) in the same run: a real llama-server ({@code -np 4}, 1 thread by default), the packaged
 * gateway in its own JVM and the baseline proxy in its own JVM, the same requests sent to all three by one keep-alive
 * client (java.net.http, HTTP/1.1). Then the gateway's cold start to a healthy {@code /api/v1/health}, and where its
 * start-up time goes. Run with {@code ./mvnw -Pbench verify} (docs/benchmark.md).
 */
public final class OverheadBenchmark {
    private static final Path MODEL = Path.of("../shared/models/stories260K.gguf");
    /** The packaged gateway; {@code -Dbench.jar} measures another build (an earlier one, say) in the same harness. */
    private static final Path JAR = Path.of(System.getProperty("bench.jar", "target/hinksbot-gateway.jar"));
    private static final String PROMPT = "Once upon a time";
    /** llama-server's threads: one leaves the other core to the proxies and the load generator (-Dbench.llama-threads). */
    private static final String LLAMA_THREADS = System.getProperty("bench.llama-threads", "1");
    private static final int SLOTS = 4;
    private static final int COLD_RUNS = Integer.getInteger("bench.cold-runs", 5);
    /** Single-stream rotations (one stream per path each) and their length: many short paired streams, not a few long ones. */
    private static final int STREAM_ROTATIONS = Integer.getInteger("bench.stream-rotations", 120);
    private static final int STREAM_TOKENS = Integer.getInteger("bench.stream-tokens", 150);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newCachedThreadPool()).connectTimeout(Duration.ofSeconds(5)).build();
    private final String direct;
    private final String gateway;
    private final String proxy;
    private final String model;
    private final List<String> misses = new ArrayList<>();

    private OverheadBenchmark(String direct, String gateway, String proxy, String model) {
        this.direct = direct;
        this.gateway = gateway;
        this.proxy = proxy;
        this.model = model;
    }

    /** The real launcher: env HINKSBOT_LLAMA_SERVER (as the tests use), else ../shared/tools/llama-server. */
    private static Path llamaLauncher() {
        String env = System.getenv("HINKSBOT_LLAMA_SERVER");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("../shared/tools/llama-server");
    }

    public static void main(String[] args) throws Exception {
        Path llamaBin = llamaLauncher();
        if (!Files.isExecutable(llamaBin) || !Files.exists(MODEL)) {
            System.err.println("benchmark needs " + llamaBin + " and " + MODEL + " (run from the repository root, beside shared/)");
            System.exit(2);
        }
        if (!Files.exists(JAR)) {
            System.err.println("benchmark needs the packaged gateway: ./mvnw -Pbench verify builds it first");
            System.exit(2);
        }
        int llamaPort = freePort();
        int gatewayPort = freePort();
        int proxyPort = freePort();
        Path dir = Files.createTempDirectory("hinksbot-bench");
        Path profiles = Files.createDirectories(dir.resolve("agent"));
        Files.writeString(profiles.resolve("bench.md"), "---\ndescription: no tools, no system prompt\ntool-groups: []\nmax-turns: 1\n---\n");
        // -c 8192 over 4 slots: 2,048 tokens each, the model's training context
        Process llama = new ProcessBuilder(llamaBin.toString(), "--host", "127.0.0.1", "--port", String.valueOf(llamaPort),
                "-m", MODEL.toString(), "-c", String.valueOf(2048 * SLOTS), "-np", String.valueOf(SLOTS), "-t", LLAMA_THREADS)
                .redirectErrorStream(true).redirectOutput(dir.resolve("llama.log").toFile()).start();
        Process gw = startGateway(gatewayPort, llamaPort, dir, List.of()).process;
        Process px = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", "target/test-classes" + java.io.File.pathSeparator + "target/lib/*",
                BaselineProxy.class.getName(), String.valueOf(proxyPort), String.valueOf(llamaPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("proxy.log").toFile()).start();
        try {
            OverheadBenchmark bench = new OverheadBenchmark("http://127.0.0.1:" + llamaPort, "http://127.0.0.1:" + gatewayPort,
                    "http://127.0.0.1:" + proxyPort, null);
            bench.awaitUp(bench.direct + "/health", Duration.ofSeconds(60));
            bench.awaitUp(bench.gateway + "/health", Duration.ofSeconds(60));
            bench.awaitUp(bench.proxy + "/health", Duration.ofSeconds(60));
            String upstreamModel = bench.modelId();
            bench = new OverheadBenchmark(bench.direct, bench.gateway, bench.proxy, upstreamModel);
            if (!Boolean.getBoolean("bench.cold-start-only")) {
                bench.run(gw, px);
            }
            gw.destroy();
            gw.waitFor();
            if (!Boolean.getBoolean("bench.skip-cold-start")) {
                bench.coldStart(llamaPort, dir);
            }
            System.out.println(bench.misses.isEmpty() ? "\nAll targets met." : "\nTargets missed: " + String.join("; ", bench.misses));
        } finally {
            gw.destroy();
            px.destroy();
            llama.destroy();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Started(Process process, long startedAtMillis, Path log) {
    }

    /** The packaged gateway in its own JVM, everything it writes under {@code dir}; {@code jvmFlags} go before -jar. */
    private static Started startGateway(int port, int llamaPort, Path dir, List<String> jvmFlags) throws IOException {
        Path data = Files.createDirectories(dir.resolve("gw-" + port));
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dcamel.server.port=" + port, "-Dgateway.llama.base-url=http://127.0.0.1:" + llamaPort,
                "-Dgateway.database.path=" + data.resolve("bench.db"), "-Dgateway.workspace=" + data.resolve("workspace"),
                "-Dgateway.agent.dir=" + dir.resolve("agent"), "-Dgateway.api.max-concurrent-runs=512",
                "-Dcamel.main.routes-reload-enabled=false", "-jar", JAR.toString()));
        Path log = data.resolve("gateway.log");
        long started = System.currentTimeMillis();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Started(p, started, log);
    }

    private void run(Process gatewayProcess, Process proxyProcess) throws Exception {
        System.out.printf(Locale.ROOT, "%nHinksBot Gateway overhead benchmark — llama-server %s (-t %s -np %d), model %s, %d cores, Java %s, %s%n",
                direct, LLAMA_THREADS, SLOTS, model, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                machine());
        System.out.println("One keep-alive client (java.net.http, HTTP/1.1). Each worker sends the same request to llama-server"
                + " directly, to the baseline Vert.x proxy and to the gateway, one after the other in rotating order,"
                + " so the three paths see the same load; concurrency = workers = requests in flight.");
        warmUp(gatewayProcess, proxyProcess);

        System.out.println("\n1) Pass-through, non-streaming (max_tokens 4), latency per path and added over direct");
        System.out.println("   conc  path       n      p50       p90       p99    added p50  (paired p50)  added p99 (tail asymmetry)");
        for (int concurrency : new int[] {1, 4}) {
            JvmCpu gwBefore = JvmCpu.of(gatewayProcess.pid());
            JvmCpu pxBefore = JvmCpu.of(proxyProcess.pid());
            Triples t = triples(model, concurrency, concurrency == 1 ? 400 : 1000);
            t.print(concurrency);
            System.out.printf(Locale.ROOT, "          CPU used meanwhile: gateway %s; proxy %s%n",
                    JvmCpu.of(gatewayProcess.pid()).perRequestSince(gwBefore, t.gateway.size()),
                    JvmCpu.of(proxyProcess.pid()).perRequestSince(pxBefore, t.proxy.size()));
            if (concurrency == 4) {
                double added = pct(t.gateway, 50) - pct(t.direct, 50);
                double tail = pct(t.gateway, 99) - pct(t.direct, 99);
                target("gateway added p50 ≤ 1.0 ms at c=4", added <= 1.0, added);
                target("gateway tail asymmetry (p99) ≤ 3.0 ms at c=4", tail <= 3.0, tail);
                System.out.printf(Locale.ROOT, "   the baseline proxy adds %.2f ms at p50 and %.2f ms at p99; the gateway %.2f ms more at p50"
                                + " than the baseline; gateway's own X-Gateway-Overhead-Ms p50 / p99 %.3f / %.3f ms%n",
                        pct(t.proxy, 50) - pct(t.direct, 50), pct(t.proxy, 99) - pct(t.direct, 99),
                        pct(t.gateway, 50) - pct(t.proxy, 50), pct(t.reported, 50), pct(t.reported, 99));
            }
        }

        System.out.printf(Locale.ROOT, "%n2) Pass-through, one stream at a time (max_tokens %d, ignore_eos): tokens/s at the client,"
                + " %d rotations of one stream per path in rotating order, the ratio to direct taken within each rotation%n",
                STREAM_TOKENS, STREAM_ROTATIONS);
        singleStreams(STREAM_ROTATIONS, STREAM_TOKENS, gatewayProcess, proxyProcess);

        System.out.println("\n3) Agent profile 'bench' (no tools, no system prompt) against the same request sent direct and via the proxy");
        System.out.println("   conc  path       n      p50       p90       p99    added p50  (paired p50)  added p99 (tail asymmetry)");
        for (int concurrency : new int[] {1, 4}) {
            triples("bench", concurrency, 200).print(concurrency);
        }

        System.out.println("\n4) 256 concurrent pass-through streams (max_tokens 32) through the gateway");
        int errors = manyStreams(256);
        System.out.printf(Locale.ROOT, "   errors: %d of 256%n", errors);
        target("256 concurrent streams, no errors", errors == 0, errors);

        System.out.println("\n5) Gateway memory after the run");
        long rssKb = rssKb(gatewayProcess.pid());
        System.out.printf(Locale.ROOT, "   RSS %.1f MB; heap %s%n", rssKb / 1024.0, heap(gatewayProcess.pid()));
    }

    private void target(String what, boolean met, double figure) {
        System.out.printf(Locale.ROOT, "   target %-48s %s (%.3f)%n", what, met ? "MET" : "MISSED", figure);
        if (!met) {
            misses.add(what + " (" + String.format(Locale.ROOT, "%.3f", figure) + ")");
        }
    }

    private static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            return cpu + ", load average at start " + load.substring(0, load.indexOf(' ', load.indexOf(' ', load.indexOf(' ') + 1) + 1));
        } catch (IOException | RuntimeException e) {
            return "unknown machine";
        }
    }

    // ---- cold start ----

    /** Log lines that mark a start-up phase: the phase ends when its line is written. */
    private static final List<Map.Entry<String, Pattern>> MILESTONES = List.of(
            Map.entry("JVM start → first log line (JVM, picocli, config)", Pattern.compile("")),
            Map.entry("→ SQLite opened, Flyway migrations applied", Pattern.compile("Database - ")),
            Map.entry("→ sandbox probe (bubblewrap)", Pattern.compile("Sandboxes - ")),
            Map.entry("→ Camel Main starting (app wiring, beans, tools)", Pattern.compile("Apache Camel \\(Main\\) .* is starting")),
            Map.entry("→ Vert.x found (Camel Main configures, loads routes)", Pattern.compile("Found Vert.x instance")),
            Map.entry("→ CamelContext starting (routes built, processors compiled)", Pattern.compile("AbstractCamelContext - Apache Camel .* is starting")),
            Map.entry("→ Vert.x HTTP server listening", Pattern.compile("Vert.x HttpServer started")),
            Map.entry("→ all routes started", Pattern.compile("Routes startup")),
            Map.entry("→ endpoint summary written", Pattern.compile("HTTP endpoints")),
            Map.entry("→ 'listening on' line (start-up done)", Pattern.compile("GatewayApp - HinksBot Gateway listening")));
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /**
     * Process start → first 200 from /api/v1/health, for the packaged jar, each run with a fresh data folder (so
     * every run applies the migrations, as a first start does); then one more run with -Xlog:class+load to count
     * the classes loaded, and the phases read off the gateway's own log lines.
     */
    private void coldStart(int llamaPort, Path dir) throws Exception {
        System.out.printf(Locale.ROOT, "%n6) Cold start of the packaged jar (java -Xmx512m -jar), process start → first 200 from"
                + " /api/v1/health, %d runs, fresh data folder each; load average now %s%n", COLD_RUNS, loadAverage());
        List<Double> times = new ArrayList<>();
        Started median = null;
        List<Map.Entry<Double, Started>> runs = new ArrayList<>();
        for (int i = 0; i < COLD_RUNS; i++) {
            Map.Entry<Double, Started> run = coldRun(llamaPort, dir, List.of());
            runs.add(run);
            times.add(run.getKey());
        }
        runs.sort(Map.Entry.comparingByKey());
        median = runs.get(runs.size() / 2).getValue();
        System.out.printf(Locale.ROOT, "   runs: %s ms; median %.0f ms%n",
                times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).collect(Collectors.joining(", ")), pct(times, 50));
        target("cold start to healthy ≤ 3.0 s (median), plain java -jar", pct(times, 50) <= 3000, pct(times, 50) / 1000);

        // bin/hinksbot runs the gateway from a class-data-sharing archive of the jar on this JVM (written by the first
        // run when it stops): one such training run, then the same runs from the archive
        Path archive = dir.resolve("hinksbot.jsa");
        Files.deleteIfExists(archive);
        coldRun(llamaPort, dir, List.of("-XX:ArchiveClassesAtExit=" + archive));
        List<Double> shared = new ArrayList<>();
        for (int i = 0; i < COLD_RUNS && Files.exists(archive); i++) {
            shared.add(coldRun(llamaPort, dir, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on")).getKey());
        }
        if (shared.isEmpty()) {
            System.out.println("   (no class-data-sharing archive was written; the runs from it are skipped)");
        } else {
            System.out.printf(Locale.ROOT, "   from the class-data-sharing archive (as bin/hinksbot runs it), load average now %s: %s ms;"
                    + " median %.0f ms (%.0f%% of plain)%n", loadAverage(),
                    shared.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).collect(Collectors.joining(", ")),
                    pct(shared, 50), 100 * pct(shared, 50) / pct(times, 50));
            target("cold start to healthy ≤ 3.0 s (median), bin/hinksbot with its archive", pct(shared, 50) <= 3000,
                    pct(shared, 50) / 1000);
        }

        System.out.println("   phases of the median run (from the gateway's own log lines, ms since process start):");
        List<LogLine> lines = logLines(median.log);
        long previous = median.startedAtMillis;
        for (Map.Entry<String, Pattern> m : MILESTONES) {
            long at = lines.stream().filter(l -> m.getValue().matcher(l.text).find()).mapToLong(LogLine::millis).findFirst().orElse(-1);
            if (at < 0) {
                System.out.printf(Locale.ROOT, "     %-62s (no such line)%n", m.getKey());
                continue;
            }
            System.out.printf(Locale.ROOT, "     %-62s %6d ms  (+%d)%n", m.getKey(), at - median.startedAtMillis, at - previous);
            previous = at;
        }
        System.out.println("   largest gaps between consecutive log lines of that run (the time went to what ran before the second line):");
        List<long[]> gaps = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            gaps.add(new long[] {lines.get(i).millis - lines.get(i - 1).millis, i});
        }
        gaps.sort((x, y) -> Long.compare(y[0], x[0]));
        for (long[] g : gaps.subList(0, Math.min(5, gaps.size()))) {
            System.out.printf(Locale.ROOT, "     %5d ms before: %s%n", g[0], abbreviate(lines.get((int) g[1]).text));
        }

        Path classLog = dir.resolve("classload.log");
        Path jfr = dir.resolve("start.jfr");
        Map.Entry<Double, Started> traced = coldRun(llamaPort, dir, List.of("-Xlog:class+load=info:file=" + classLog,
                "-XX:FlightRecorderOptions:stackdepth=1024", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr));
        List<String> loaded = Files.readAllLines(classLog);
        Map<String, Long> bySource = loaded.stream().map(OverheadBenchmark::classSource)
                .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
        System.out.printf(Locale.ROOT, "   classes loaded by the time it is healthy: %d (that run, logging them, took %.0f ms); by jar:%n",
                loaded.size(), traced.getKey());
        bySource.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf(Locale.ROOT, "     %6d  %s%n", e.getValue(), e.getKey()));
        System.out.printf(Locale.ROOT, "     (all camel-*.jar together: %d)%n", bySource.entrySet().stream()
                .filter(e -> e.getKey().startsWith("camel-")).mapToLong(Map.Entry::getValue).sum());
        cpuProfile(jfr);
    }

    /** What start-up runs, by library: the outermost library frame of each CPU sample of the main thread. */
    private static final List<Map.Entry<String, String>> START_PHASES = List.of(
            Map.entry("org.flywaydb.", "Flyway migrations"),
            Map.entry("org.joor.", "joor: javac compiling processors/*.java"),
            Map.entry("org.apache.camel.dsl.java.joor.", "joor: javac compiling processors/*.java"),
            Map.entry("org.apache.camel.dsl.yaml.", "YAML routes: parsing and loading"),
            Map.entry("org.apache.camel.openapi.", "OpenAPI document (rest-api)"),
            Map.entry("org.sqlite.", "sqlite-jdbc (native library, opening)"),
            Map.entry("io.micrometer.", "Micrometer"),
            Map.entry("quartz", "Quartz"),
            Map.entry("com.slack.", "Slack SDK"),
            Map.entry("io.vertx.", "Vert.x"),
            Map.entry("ch.qos.logback.", "logback"),
            Map.entry("org.apache.camel.main.", "Camel Main: configuring (properties, beans, components)"),
            Map.entry("org.apache.camel.impl.", "Camel context: building and starting routes"),
            Map.entry("sun.security.", "TLS/keystore set-up (java.net.http clients)"));

    private static String phaseOf(String type, List<Map.Entry<String, String>> phases) {
        return phases.stream().filter(m -> type.startsWith(m.getKey()) || type.contains(m.getKey() + "."))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static void cpuProfile(Path jfr) throws IOException {
        Map<String, Long> byPhase = new java.util.HashMap<>();
        long total = 0;
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(jfr)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null
                    || !"main".equals(e.getThread("sampledThread").getJavaName())) {
                continue;
            }
            List<jdk.jfr.consumer.RecordedFrame> frames = e.getStackTrace().getFrames();
            // a library's outermost frame names the phase (javac under joor is joor's); Camel's own machinery only
            // when no library is below it, and then its innermost frame (context start runs inside Main)
            String phase = null;
            for (int i = frames.size() - 1; i >= 0 && phase == null; i--) {
                phase = phaseOf(frames.get(i).getMethod().getType().getName(), START_PHASES.subList(0, START_PHASES.size() - 3));
            }
            for (int i = 0; i < frames.size() && phase == null; i++) {
                phase = phaseOf(frames.get(i).getMethod().getType().getName(), START_PHASES.subList(START_PHASES.size() - 3, START_PHASES.size()));
            }
            if (phase == null) {
                phase = frames.stream().map(f -> f.getMethod().getType().getName()).filter(t -> t.startsWith("dev.hinksbot"))
                        .findFirst().map(t -> "gateway code: " + t.substring(t.lastIndexOf('.') + 1)).orElse("JDK / other");
            }
            byPhase.merge(phase, 1L, Long::sum);
            total++;
        }
        long n = total;
        System.out.printf(Locale.ROOT, "   where the main thread's CPU goes during start-up (JFR, %d samples of that run, by outermost library):%n", n);
        byPhase.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(14)
                .forEach(e -> System.out.printf(Locale.ROOT, "     %4.0f%%  %s%n", 100.0 * e.getValue() / n, e.getKey()));
    }

    private Map.Entry<Double, Started> coldRun(int llamaPort, Path dir, List<String> jvmFlags) throws Exception {
        Started s = startGateway(freePort(), llamaPort, dir, jvmFlags);
        String health = "http://127.0.0.1:" + portOf(s) + "/api/v1/health";
        long healthyAt = -1;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && s.process.isAlive()) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    healthyAt = System.currentTimeMillis();
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        // wait for the start-up to finish writing its log, then kill: a SIGTERM during start-up waits for Camel's
        // graceful shutdown (up to a minute)
        long logDeadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < logDeadline
                && logLines(s.log).stream().noneMatch(l -> l.text.contains("GatewayApp - HinksBot Gateway listening"))) {
            Thread.sleep(50);
        }
        // JFR writes its recording at a normal exit only
        (jvmFlags.isEmpty() ? s.process.destroyForcibly() : destroyed(s.process)).waitFor(90, java.util.concurrent.TimeUnit.SECONDS);
        if (healthyAt < 0) {
            throw new IllegalStateException("gateway did not become healthy; see " + s.log);
        }
        return Map.entry((double) (healthyAt - s.startedAtMillis), s);
    }

    private static Process destroyed(Process p) {
        p.destroy();
        return p;
    }

    private static int portOf(Started s) {
        return Integer.parseInt(s.log.getParent().getFileName().toString().substring(3));
    }

    private record LogLine(long millis, String text) {
    }

    private static List<LogLine> logLines(Path log) throws IOException {
        List<LogLine> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int space = line.indexOf(' ');
            if (space < 20 || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            try {
                out.add(new LogLine(OffsetDateTime.parse(line.substring(0, space), LOG_TIME).toInstant().toEpochMilli(), line));
            } catch (DateTimeParseException e) {
                // a continuation line
            }
        }
        return out;
    }

    /** "[0.1s][info][class,load] a.B source: file:/…/lib/camel-core.jar" → "camel-core.jar". */
    private static String classSource(String line) {
        int at = line.indexOf("source: ");
        if (at < 0) {
            return "other";
        }
        String source = line.substring(at + 8).trim();
        if (source.startsWith("jrt:/")) {
            return "JDK " + source.substring(5);
        }
        if (source.contains("shared objects file")) {
            return "JDK (CDS archive)";
        }
        int slash = source.lastIndexOf('/');
        String name = slash >= 0 ? source.substring(slash + 1) : source;
        return name.isEmpty() ? source : name.replaceAll("-[0-9][0-9A-Za-z.\\-]*\\.jar$", ".jar");
    }

    private static String abbreviate(String text) {
        return text.length() > 150 ? text.substring(0, 150) + "…" : text;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- non-streaming: the same request to the three paths ----

    private record Triples(List<Double> direct, List<Double> proxy, List<Double> gateway, List<Double> proxyAdded,
                           List<Double> gatewayAdded, List<Double> reported) {
        void print(int concurrency) {
            row(concurrency, "direct", direct, null, null);
            row(concurrency, "proxy", proxy, direct, proxyAdded);
            row(concurrency, "gateway", gateway, direct, gatewayAdded);
        }

        private static void row(int concurrency, String path, List<Double> ms, List<Double> base, List<Double> paired) {
            String added = base == null ? "" : String.format(Locale.ROOT, "  %8.2f ms   (%6.2f ms)    %8.2f ms",
                    pct(ms, 50) - pct(base, 50), pct(paired, 50), pct(ms, 99) - pct(base, 99));
            System.out.printf(Locale.ROOT, "   %4d  %-8s %5d  %6.2f ms %6.2f ms %6.2f ms%s%n", concurrency, path, ms.size(),
                    pct(ms, 50), pct(ms, 90), pct(ms, 99), added);
        }
    }

    private Triples triples(String gatewayModel, int concurrency, int total) throws Exception {
        Triples out = new Triples(sync(), sync(), sync(), sync(), sync(), sync());
        AtomicInteger next = new AtomicInteger();
        runWorkers(concurrency, () -> {
            int i;
            while ((i = next.getAndIncrement()) < total) {
                String body = chatBody(model, 4, false);
                Timed[] t = new Timed[3];
                for (int k = 0; k < 3; k++) {
                    int path = (i + k) % 3; // rotate who goes first
                    t[path] = switch (path) {
                        case 0 -> timed(direct, body);
                        case 1 -> timed(proxy, body);
                        default -> timed(gateway, chatBody(gatewayModel, 4, false));
                    };
                }
                out.direct.add(t[0].ms);
                out.proxy.add(t[1].ms);
                out.gateway.add(t[2].ms);
                out.proxyAdded.add(t[1].ms - t[0].ms);
                out.gatewayAdded.add(t[2].ms - t[0].ms);
                out.reported.add(t[2].overheadMs);
            }
            return null;
        });
        return out;
    }

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
     * One stream at a time, in rotating order over the three paths: nothing else runs, so the ratio is what the hop
     * costs a single user watching tokens arrive. Many short streams, and the ratio to direct taken within each
     * rotation (the three streams of a rotation run back to back, so a change in the machine's load between rotations
     * cancels out); its median and the 95% confidence interval of that median tell whether 1% is resolved. On a busy
     * machine llama-server's own speed varies from stream to stream by more than 1%, so the rate each client saw is
     * also set against the rate llama-server reported for that same stream (what the hop loses in delivering tokens,
     * apart from what it takes from llama-server's CPU), paired with direct the same way.
     */
    private void singleStreams(int rotations, int tokens, Process gatewayProcess, Process proxyProcess) throws Exception {
        List<List<StreamStats>> byPath = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> paired = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> delivery = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String[] bases = {direct, proxy, gateway};
        JvmCpu gwBefore = JvmCpu.of(gatewayProcess.pid());
        JvmCpu pxBefore = JvmCpu.of(proxyProcess.pid());
        int failed = 0;
        for (int i = 0; i < rotations; i++) {
            StreamStats[] rotation = new StreamStats[3];
            for (int k = 0; k < 3; k++) {
                int path = (i + k) % 3;
                rotation[path] = stream(bases[path], streamBody(model, tokens));
            }
            if (!rotation[0].ok || !rotation[1].ok || !rotation[2].ok || rotation[0].tokensPerSecond == 0
                    || rotation[0].modelTokensPerSecond == 0 || rotation[1].modelTokensPerSecond == 0 || rotation[2].modelTokensPerSecond == 0) {
                failed++;
                continue;
            }
            for (int path = 0; path < 3; path++) {
                byPath.get(path).add(rotation[path]);
                paired.get(path).add(rotation[path].tokensPerSecond / rotation[0].tokensPerSecond);
                delivery.get(path).add(rotation[path].tokensPerSecond / rotation[path].modelTokensPerSecond
                        / (rotation[0].tokensPerSecond / rotation[0].modelTokensPerSecond));
            }
        }
        String[] names = {"direct", "proxy", "gateway"};
        double directTps = pct(tps(byPath.get(0)), 50);
        for (int path = 0; path < 3; path++) {
            List<StreamStats> s = byPath.get(path);
            List<Double> tps = tps(s);
            double[] ci = medianInterval(paired.get(path));
            System.out.printf(Locale.ROOT, "   %-8s %3d streams: TTFT p50 %6.2f ms; tokens/s p50 %6.0f (ratio of p50s %.3f);"
                            + " paired ratio median %.4f (95%% CI %.4f–%.4f, p10–p90 %.3f–%.3f);"
                            + " llama-server's own predicted_per_second p50 %.0f%n", names[path], s.size(),
                    pct(s.stream().map(StreamStats::ttftMs).collect(Collectors.toList()), 50),
                    pct(tps, 50), pct(tps, 50) / directTps, pct(paired.get(path), 50), ci[0], ci[1],
                    pct(paired.get(path), 10), pct(paired.get(path), 90),
                    pct(s.stream().map(StreamStats::modelTokensPerSecond).collect(Collectors.toList()), 50));
        }
        for (int path = 1; path < 3; path++) {
            double[] ci = medianInterval(delivery.get(path));
            System.out.printf(Locale.ROOT, "   %-8s delivery (client rate ÷ llama-server's rate for the same stream, paired with direct):"
                    + " median %.4f (95%% CI %.4f–%.4f)%n", names[path], pct(delivery.get(path), 50), ci[0], ci[1]);
        }
        if (failed > 0) {
            System.out.printf(Locale.ROOT, "   %d rotations left out: a stream in them failed%n", failed);
        }
        int chunks = byPath.get(2).size() * tokens;
        System.out.printf(Locale.ROOT, "   CPU used meanwhile, per streamed token: gateway %s; proxy %s%n",
                JvmCpu.of(gatewayProcess.pid()).perRequestSince(gwBefore, chunks).replace("per request", "per token"),
                JvmCpu.of(proxyProcess.pid()).perRequestSince(pxBefore, chunks).replace("per request", "per token"));
        double ratio = pct(paired.get(2), 50);
        target("single-stream tokens/s gateway/direct ≥ 0.99", ratio >= 0.99, ratio);
    }

    /**
     * The 95% confidence interval of the median of {@code values}, by order statistics (no assumption about the
     * distribution): the values at ranks n/2 ∓ 0.98·√n.
     */
    static double[] medianInterval(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double half = 0.98 * Math.sqrt(n);
        int low = Math.max(0, (int) Math.floor(n / 2.0 - half));
        int high = Math.min(n - 1, (int) Math.ceil(n / 2.0 + half) - 1);
        return new double[] {sorted.get(low), sorted.get(high)};
    }

    private static List<Double> tps(List<StreamStats> stats) {
        return stats.stream().map(StreamStats::tokensPerSecond).collect(Collectors.toList());
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
                    // read on to the end of the body: a stream closed before its last chunk closes the connection,
                    // and every next stream would pay for a new one (the client is meant to be keep-alive)
                    done = true;
                    continue;
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

    /**
     * Every path warm before anything is measured: the gateway runs far more code than the baseline proxy, and until
     * the JIT has compiled it its compiler threads take CPU from llama-server and the client on a small machine (a run
     * with the old 900-request warm-up measured the gateway while C2 was still compiling). So: the mixed warm-up, then
     * up to six rounds of 1000 non-streaming requests per proxy at c=4 (and 20 short streams) until the gateway's JIT
     * used under 100 ms in a round; the JIT CPU of each round is printed, so a run that did not settle says so.
     */
    private void warmUp(Process gatewayProcess, Process proxyProcess) throws Exception {
        for (int i = 0; i < 300; i++) {
            timed(direct, chatBody(model, 4, false));
            timed(proxy, chatBody(model, 4, false));
            timed(gateway, chatBody(model, 4, false));
            if (i % 3 == 0) {
                timed(gateway, chatBody("bench", 4, false));
                stream(gateway, chatBody(model, 8, true));
                stream(proxy, chatBody(model, 8, true));
            }
        }
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            JvmCpu gw = JvmCpu.of(gatewayProcess.pid());
            JvmCpu px = JvmCpu.of(proxyProcess.pid());
            AtomicInteger next = new AtomicInteger();
            runWorkers(4, () -> {
                while (next.getAndIncrement() < 1000) {
                    timed(gateway, chatBody(model, 4, false));
                    timed(proxy, chatBody(model, 4, false));
                }
                return null;
            });
            for (int i = 0; i < 20; i++) {
                stream(gateway, chatBody(model, 32, true));
                stream(proxy, chatBody(model, 32, true));
            }
            double gwJit = JvmCpu.of(gatewayProcess.pid()).jitMillisSince(gw);
            rounds.add(String.format(Locale.ROOT, "%.0f/%.0f", gwJit, JvmCpu.of(proxyProcess.pid()).jitMillisSince(px)));
            if (gwJit < 100) {
                break;
            }
        }
        System.out.println("Warm-up: 300 mixed rotations, then rounds of 1000 requests per proxy at c=4 until the gateway's JIT"
                + " settles; JIT CPU per round, gateway/proxy: " + String.join(", ", rounds) + " ms.");
    }

    /** A long stream: llama-server's own extension ignore_eos keeps every stream the same length. */
    private String streamBody(String chatModel, int maxTokens) {
        return "{\"model\":\"" + chatModel + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],"
                + "\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"seed\":42,\"ignore_eos\":true,\"stream\":true}";
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

    private void awaitUp(String url, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
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
        return syncOf();
    }

    private static <T> List<T> syncOf() {
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
