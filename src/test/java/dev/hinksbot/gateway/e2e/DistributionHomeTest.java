package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's layout (bin/hinksbot, hinksbot-gateway.jar, lib/, config/, routes/, tools/, agent/) assembled
 * here as the build's assembly does, run by its script from another working directory with --home; `init` writing a
 * home; a home without routes/ refused with one line.
 */
class DistributionHomeTest {
    @TempDir
    Path tmp;

    @Test
    void theDistributionRunsFromAnotherFolderWithHome() throws Exception {
        Path dist = assemble(tmp.resolve("hinksbot-gateway"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        int port = freePort();
        int closed = freePort(); // nothing listens here: the start-up WARN about llama-server must appear
        Process gateway = script(dist, elsewhere, tmp.resolve("gateway.log"), "-Dcamel.server.port=" + port,
                "-Dgateway.llama.base-url=http://127.0.0.1:" + closed, "--home", dist.toString());
        try {
            HttpResponse<String> health = awaitHealth(gateway, port, tmp.resolve("gateway.log"));
            assertThat(health.body()).contains("\"llama_server\"").contains("\"managed\":false");
            assertThat(dist.resolve("data/hinksbot-gateway.db")).isRegularFile();
            assertThat(dist.resolve("workspace")).isDirectory();
            try (Stream<Path> stray = Files.list(elsewhere)) {
                assertThat(stray).as("nothing is created in the working directory").isEmpty();
            }
            awaitLine(tmp.resolve("gateway.log"), "no llama-server answers at http://127.0.0.1:" + closed);
            assertThat(Files.readAllLines(tmp.resolve("gateway.log")).stream()
                    .filter(l -> l.contains("no llama-server answers")).toList()).hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("WARN").contains("gateway.llama.server.command").contains("-hf"));
        } finally {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void initWritesAUsableHomeAndNeverOverwrites() throws Exception {
        Path home = tmp.resolve("home");
        assertThat(cli("init", home.toString())).isZero();
        assertThat(home.resolve("config/application.properties")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(home.resolve("config/application.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> routes = Files.list(home.resolve("routes"))) {
            assertThat(routes.map(p -> p.getFileName().toString())).contains("rest-api.yaml", "openai-api.yaml");
        }
        assertThat(home.resolve("tools/word_count.yaml")).isRegularFile();
        assertThat(home.resolve("agent/coder.md")).isRegularFile();
        try {
            assertThat(cli("routes", "validate", "--home", home.toString())).as("the home's routes load").isZero();
        } finally {
            System.clearProperty(dev.hinksbot.gateway.config.GatewayHome.PROPERTY); // --home holds for this JVM
        }

        Files.writeString(home.resolve("config/application.properties"), "# mine\n", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(home.resolve("tools/word_count.yaml"));
        assertThat(cli("init", home.toString())).isZero();
        assertThat(Files.readString(home.resolve("config/application.properties"))).contains("# mine");
        assertThat(home.resolve("tools/word_count.yaml")).as("a missing default comes back").isRegularFile();

        // the home init wrote runs (from another folder)
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        int port = freePort();
        Process gateway = gatewayCli(elsewhere, tmp.resolve("init-home.log"), List.of("-Dcamel.server.port=" + port,
                "-Dgateway.llama.base-url=http://127.0.0.1:" + freePort(), "-Dcamel.main.routes-reload-enabled=false"),
                "run", "--home", home.toString());
        try {
            assertThat(awaitHealth(gateway, port, tmp.resolve("init-home.log")).statusCode()).isEqualTo(200);
            assertThat(home.resolve("data/hinksbot-gateway.db")).isRegularFile();
        } finally {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHomeWithoutRoutesIsOneLineAndExitCodeTwo() throws Exception {
        Path home = tmp.resolve("home");
        assertThat(cli("init", home.toString())).isZero();
        try (Stream<Path> routes = Files.walk(home.resolve("routes"))) {
            for (Path p : routes.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Path out = tmp.resolve("no-routes.log");
        Process gateway = gatewayCli(tmp, out, List.of(), "--home", home.toString());
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(out)).containsExactly("hinksbot-gateway: no routes folder " + home.resolve("routes")
                + " (home " + home + "): run `hinksbot init " + home + "` to write the default routes, or pass --home DIR"
                + " / set HINKSBOT_HOME to a home that has them");
        assertThat(home.resolve("data")).as("nothing is created before the home is checked").doesNotExist();

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Process noConfig = gatewayCli(tmp, out, List.of(), "run", "--home", empty.toString());
        assertThat(noConfig.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(noConfig.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(out)).singleElement().asString()
                .contains("no config file " + empty.resolve("config/application.properties")).contains("hinksbot init");
    }

    /**
     * The layout src/assembly/dist.xml builds: the script, a thin jar whose manifest names lib/, lib/ (this test's
     * class path, linked), and the repo's default home folders.
     */
    private static Path assemble(Path dist) throws IOException {
        Files.createDirectories(dist.resolve("bin"));
        Path script = dist.resolve("bin/hinksbot");
        Files.copy(Path.of("src/dist/bin/hinksbot"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lib = Files.createDirectories(dist.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry).toAbsolutePath();
            String name = (n++) + "-" + source.getFileName() + (Files.isDirectory(source) ? "/" : "");
            Files.createSymbolicLink(lib.resolve(name.replace("/", "")), source);
            classPath.add("lib/" + name);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.hinksbot.gateway.cli.GatewayCli");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = Files.newOutputStream(dist.resolve("hinksbot-gateway.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("META-INF/hinksbot-test-layout"));
            jar.closeEntry();
        }
        for (String folder : List.of("config", "routes", "tools", "agent", "processors")) {
            copyTree(Path.of(folder), dist.resolve(folder));
        }
        return dist;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** bin/hinksbot ARGS from {@code cwd}; leading -D… arguments go to the JVM through JAVA_OPTS. */
    private static Process script(Path dist, Path cwd, Path log, String... args) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/hinksbot").toString()));
        for (String a : args) {
            (a.startsWith("-D") ? jvm : command).add(a);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", String.join(" ", jvm));
        pb.environment().put("HINKSBOT_CDS", "off"); // its class path holds directories, which CDS refuses (LauncherScriptTest covers CDS)
        pb.environment().remove("HINKSBOT_HOME");
        pb.environment().remove("HINKSBOT_GATEWAY_CONFIG");
        return pb.start();
    }

    /** java JVM_OPTIONS -cp (this class path) dev.hinksbot.gateway.cli.GatewayCli ARGS, from {@code cwd}. */
    private static Process gatewayCli(Path cwd, Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), "dev.hinksbot.gateway.cli.GatewayCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("HINKSBOT_HOME");
        pb.environment().remove("HINKSBOT_GATEWAY_CONFIG");
        return pb.start();
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static HttpResponse<String> awaitHealth(Process gateway, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited with " + gateway.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no healthy gateway on port " + port + ":\n" + Files.readString(log));
    }

    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with '" + text + "' in:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
