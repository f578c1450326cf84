package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway run as a user runs it (its command line, in its own JVM) with the seed's config.yaml named by
 * HINKSBOT_GATEWAY_CONFIG: its port and llama-server take effect, an unknown seed key and a camel.* typo stop it with
 * one line and exit code 2.
 */
class SeedConfigEndToEndTest {
    @TempDir
    Path tmp;
    private Path home;

    @BeforeEach
    void home() {
        home = tmp.resolve("home");
        assertThat(cli("init", home.toString())).isZero();
    }

    @Test
    void theSeedsPortAndLlamaServerAreUsed() throws Exception {
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.enqueue(Reply.text("Hello from the seed's llama."));
            int port = freePort();
            Path seed = seed("""
                    server:
                      host: "127.0.0.1"
                      port: %d
                    llama_server:
                      base_url: "%s"
                      api_key: ""
                    defaults:
                      system_prompt: "You are the seeded assistant."
                      max_turns: 20
                    """.formatted(port, llama.baseUrl()));
            Path log = tmp.resolve("gateway.log");
            Process gateway = run(seed, log, List.of("-Dcamel.main.routes-reload-enabled=false"));
            try {
                HttpClient http = HttpClient.newHttpClient();
                awaitHealth(http, gateway, port, log);
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode body = new ObjectMapper().readTree(answer.body());
                assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello from the seed's llama.");
                assertThat(llama.lastChatRequest().path("messages").get(0).path("content").asText())
                        .as("the seed's defaults.system_prompt reaches the model").startsWith("You are the seeded assistant.");
                assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains("in the seed's config.yaml format")).singleElement()
                        .asString().contains("INFO").contains(seed.toString())
                        .contains("camel.server.port", "gateway.llama.base-url", "gateway.defaults.system-prompt");
            } finally {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUnknownSeedKeyIsOneLineAndExitCodeTwo() throws Exception {
        Path seed = seed("server:\n  port: 8000\nfrontend:\n  title: \"HinksBot Gateway\"\n");
        Path log = tmp.resolve("refused.log");
        Process gateway = run(seed, log, List.of());
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(log)).singleElement().asString()
                .startsWith("hinksbot-gateway: seed config " + seed + ": key 'frontend.title' is not supported")
                .contains("accepted: ").contains("server.port").contains("llama_server.base_url");
        assertThat(home.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void aCamelKeyTypoIsOneLineWithASuggestion() throws Exception {
        Path log = tmp.resolve("typo.log");
        Process gateway = run(null, log, List.of("-Dcamel.server.prot=1"));
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(log)).containsExactly(
                "hinksbot-gateway: unknown camel.* key 'camel.server.prot' (did you mean 'camel.server.port'?)");
    }

    private Path seed(String yaml) throws IOException {
        Path seed = tmp.resolve("config.yaml");
        Files.writeString(seed, yaml);
        return seed;
    }

    /** java JVM_OPTIONS -cp (this class path) GatewayCli run --home HOME, with HINKSBOT_GATEWAY_CONFIG=seed when given. */
    private Process run(Path seed, Path log, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hinksbot.gateway.cli.GatewayCli",
                "run", "--home", home.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("HINKSBOT_HOME");
        pb.environment().remove("HINKSBOT_GATEWAY_CONFIG");
        if (seed != null) {
            pb.environment().put("HINKSBOT_GATEWAY_CONFIG", seed.toString());
        }
        return pb.start();
    }

    private static void awaitHealth(HttpClient http, Process gateway, int port, Path log) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited with " + gateway.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no healthy gateway on port " + port + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
