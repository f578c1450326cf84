package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.cli.GatewayCli;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hinksbot doctor` run as a user runs it: its own JVM, the repo's config, settings given as -D options. */
class DoctorCommandTest {
    private static final String TELEGRAM_TOKEN = "4242:doctor-secret-token-0b1d";

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run doctor(String... options) throws Exception {
        return doctorIn(Path.of("").toAbsolutePath(), List.of(), options);
    }

    private Run doctorIn(Path workdir, List<String> args, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(options));
        cmd.add("-Dgateway.database.path=" + dir.resolve("data/gateway.db"));
        cmd.add("-Dgateway.workspace=" + dir.resolve("workspace"));
        cmd.add("-Dcamel.server.port=0");
        cmd.add(GatewayCli.class.getName());
        cmd.add("doctor");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(workdir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aStoppedLlamaServerIsAFailureWithItsFixAndNoSecretIsPrinted() throws Exception {
        ScriptedLlamaServer gone = ScriptedLlamaServer.start();
        String url = gone.baseUrl();
        gone.close();
        Run run = doctor("-Dgateway.llama.base-url=" + url,
                // a configured channel whose API is not there: its check fails, and the token stays unprinted
                "-Dgateway.telegram.token=" + TELEGRAM_TOKEN, "-Dgateway.telegram.api-url=" + url);
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).containsPattern("✗ llama-server +not reachable at " + url.replace(".", "\\.") + " \\(connection refused\\)")
                .contains("fix: start llama-server")
                .containsPattern("- model context +llama-server not reachable")
                .containsPattern("✗ telegram +getMe failed: connection refused")
                .containsPattern("✓ java ")
                .containsPattern("✓ config ")
                .containsPattern("✓ database .*created at the first start")
                .contains("check(s) failed")
                .doesNotContain(TELEGRAM_TOKEN, "doctor-secret", "Exception", "\tat ");
    }

    @Test
    void aReadyLlamaServerIsReportedWithItsContextAndToolSupport() throws Exception {
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setContextSize(8192);
            Run run = doctor("-Dgateway.llama.base-url=" + llama.baseUrl());
            assertThat(run.out()).containsPattern("✓ llama-server +ready at " + llama.baseUrl().replace(".", "\\."))
                    .containsPattern("✓ model context +8192 tokens per slot")
                    .containsPattern("- telegram +not configured");
        }
    }

    @Test
    void runFromAnotherFolderItChecksTheHomesRoutes() throws Exception {
        Path elsewhere = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            Run run = doctorIn(elsewhere, List.of("--home", Path.of("").toAbsolutePath().toString()),
                    "-Dgateway.llama.base-url=" + llama.baseUrl());
            assertThat(run.out()).containsPattern("✓ routes +" + Path.of("routes").toAbsolutePath());
        }
    }
}
