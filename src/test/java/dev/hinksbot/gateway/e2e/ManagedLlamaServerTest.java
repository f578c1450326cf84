package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gateway.llama.server.command: the gateway starts a real llama-server itself, chats get answers, a kill -9 of the
 * server is followed by a restart and chats work again, the server a kill -9'd gateway left behind is stopped by the
 * next start, and stopping the gateway leaves no llama-server behind.
 */
class ManagedLlamaServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theGatewayRunsRestartsAndStopsItsLlamaServer() throws Exception {
        String unavailable = RealLlama.unavailable();
        assumeTrue(unavailable == null, unavailable);
        Path log = dir.resolve("data").resolve("llama-server.log");
        long secondPid;
        // the base URL given here is ignored: the managed server's free port replaces it
        try (GatewayProcess gateway = GatewayProcess.start("http://127.0.0.1:9", dir, "gateway.log", Map.of(
                "gateway.llama.server.command", RealLlama.installedServer().toString(),
                "gateway.llama.server.args", "-m " + RealLlama.MODEL.toAbsolutePath() + " -c 2048 -t 1",
                "gateway.llama.server.log-file", log.toString()))) {
            JsonNode first = awaitLlama(gateway, 0);
            assertThat(first.path("url").asText()).startsWith("http://127.0.0.1:").isNotEqualTo("http://127.0.0.1:9");
            assertThat(first.path("managed").asBoolean()).isTrue();
            long firstPid = first.path("process").path("pid").asLong();
            assertThat(ProcessHandle.of(firstPid)).isPresent();
            assertAnswers(gateway);
            assertThat(Files.readString(log)).contains("--port").contains("stories260K");

            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // kill -9
            JsonNode second = awaitLlama(gateway, 1);
            secondPid = second.path("process").path("pid").asLong();
            assertThat(secondPid).isNotEqualTo(firstPid);
            assertThat(second.path("process").path("last_exit").asText()).contains("exit code 137");
            assertAnswers(gateway);

            gateway.kill(); // SIGKILL: no shutdown hook, the server is left behind ...
            assertThat(ProcessHandle.of(secondPid)).isPresent();
        }
        long thirdPid;
        try (GatewayProcess gateway = GatewayProcess.start("http://127.0.0.1:9", dir, "gateway2.log", Map.of(
                "gateway.llama.server.command", RealLlama.installedServer().toString(),
                "gateway.llama.server.args", "-m " + RealLlama.MODEL.toAbsolutePath() + " -c 2048 -t 1",
                "gateway.llama.server.log-file", log.toString()))) {
            assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive)).as("... until the next start on this home stops it")
                    .isNotEqualTo(Optional.of(true));
            assertThat(Files.readString(dir.resolve("gateway2.log")))
                    .contains("stopping llama-server pid " + secondPid + " left running by a gateway that did not stop cleanly");
            thirdPid = awaitLlama(gateway, 0).path("process").path("pid").asLong();
            assertAnswers(gateway);

            gateway.terminate(); // SIGTERM: the shutdown hook stops llama-server before the JVM exits
            assertThat(gateway.tail()).contains("llama-server (pid " + thirdPid + ") stopped");
        }
        assertThat(ProcessHandle.of(thirdPid).map(ProcessHandle::isAlive)).as("llama-server outlived the gateway")
                .isNotEqualTo(Optional.of(true));
        assertThat(log.resolveSibling("llama-server.pid")).doesNotExist();
    }

    @Test
    void aStopWhileTheGatewayIsStillStartingStopsItsLlamaServerToo() throws Exception {
        String unavailable = RealLlama.unavailable();
        assumeTrue(unavailable == null, unavailable);
        Path log = dir.resolve("llama-server.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process gateway = new ProcessBuilder(javaBin, "-Dcamel.server.port=0",
                "-Dgateway.database.path=" + dir.resolve("gateway.db"), "-Dgateway.workspace=" + dir.resolve("workspace"),
                "-Dgateway.delivery.dir=" + dir.resolve("deliveries"),
                "-Dgateway.llama.server.command=" + RealLlama.installedServer(),
                "-Dgateway.llama.server.args=-m " + RealLlama.MODEL.toAbsolutePath() + " -c 2048 -t 1",
                "-Dgateway.llama.server.log-file=" + log,
                "-cp", System.getProperty("java.class.path"), "dev.hinksbot.gateway.cli.GatewayCli")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
        try {
            Path pidFile = dir.resolve("llama-server.pid");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long llama = Long.parseLong(Files.readString(pidFile).split(" ")[0]);
            gateway.destroy(); // SIGTERM, most likely before the gateway listens (its own shutdown hook comes later)
            assertThat(gateway.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.of(llama).map(ProcessHandle::isAlive)).as("llama-server outlived a gateway stopped while starting")
                    .isNotEqualTo(Optional.of(true));
        } finally {
            gateway.destroyForcibly();
        }
    }

    /** Waits until health shows the managed server ready after {@code restarts} restarts; returns `llama_server`. */
    private static JsonNode awaitLlama(GatewayProcess gateway, int restarts) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode llama = null;
        while (System.nanoTime() < deadline) {
            llama = JSON.readTree(gateway.get("/api/v1/health").body()).path("llama_server");
            if ("ok".equals(llama.path("status").asText()) && "running".equals(llama.path("process").path("state").asText())
                    && llama.path("process").path("restarts").asInt() == restarts) {
                return llama;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("managed llama-server not ready after " + restarts + " restart(s): " + llama + "\n" + gateway.tail());
    }

    private static void assertAnswers(GatewayProcess gateway) throws Exception {
        HttpResponse<String> r = gateway.http().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"max_tokens\":8}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(r.body()).path("choices").path(0);
        assertThat(choice.path("message").path("content").asText()).isNotBlank();
        assertThat(JSON.readTree(r.body()).path("usage").path("completion_tokens").asInt()).isPositive();
    }
}
