package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.requestContents;
import static dev.hinksbot.gateway.e2e.WsChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway process is killed (SIGKILL) mid-answer: the database stays intact, the user's message survives, and a
 * restarted gateway on the same database continues the session with the earlier message in its history.
 */
class WsCrashRecoveryTest {
    private static final String SESSION = "crash-session";
    private static final String LONG = "this answer is streamed slowly so that the gateway can be killed while it is still "
            + "writing the words of the reply one after another until the very end";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killedMidAnswerTheStoreSurvivesAndARestartedGatewayContinuesTheSession() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-crash");
        Path db = dir.resolve("gateway.db");
        Process first = null;
        Process second = null;
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.enqueue(Reply.slow(LONG, Duration.ofMillis(100)));

            int port1 = freePort();
            first = startGateway(llama, dir, port1, dir.resolve("gateway-1.log"));
            awaitHealthy(first, port1, dir.resolve("gateway-1.log"));
            try (WsTestClient ws = WsTestClient.connect(http, URI.create("ws://127.0.0.1:" + port1 + "/ws/chat/" + SESSION))) {
                ws.sendUserMessage("Before the crash");
                for (int i = 0; i < 3; i++) {
                    ws.await(f -> "content_block_delta".equals(f.path("type").asText()), Duration.ofSeconds(15));
                }
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no partial-answer recording
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the gateway process died").isTrue();
                assertThat(text(ws.seen())).isNotEqualTo(LONG);
            }

            // The database file is intact and the user's message is in it.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("ok");
                }
                List<String> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT role, content, status FROM messages WHERE session_id = ? ORDER BY seq")) {
                    ps.setString(1, SESSION);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                        }
                    }
                }
                assertThat(rows).first().isEqualTo("user|Before the crash|complete");
                // The interrupted answer was never recorded as a complete one.
                assertThat(rows).noneMatch(r -> r.startsWith("assistant|") && r.endsWith("|complete"));
            }

            // Restart on the same database: the session continues.
            llama.enqueue(Reply.text("Recovered and answering."));
            int port2 = freePort();
            second = startGateway(llama, dir, port2, dir.resolve("gateway-2.log"));
            awaitHealthy(second, port2, dir.resolve("gateway-2.log"));
            try (WsTestClient ws = WsTestClient.connect(http, URI.create("ws://127.0.0.1:" + port2 + "/ws/chat/" + SESSION))) {
                ws.sendUserMessage("After the crash");
                JsonNode end = ws.awaitType("stream_end");
                assertThat(end.path("stop_reason").asText()).isEqualTo("stop");
                assertThat(text(ws.seen())).isEqualTo("Recovered and answering.");
            }
            assertThat(requestContents(llama.lastChatRequest(), "user"))
                    .containsSubsequence("Before the crash", "After the crash");

            HttpResponse<String> history = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port2 + "/api/v1/sessions/" + SESSION + "/messages")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(history.statusCode()).isEqualTo(200);
            List<JsonNode> messages = new ArrayList<>();
            Json.parse(history.body()).path("messages").forEach(messages::add);
            List<String> summary = messages.stream()
                    .filter(m -> !"assistant".equals(m.path("role").asText()) || "complete".equals(m.path("status").asText()))
                    .map(m -> m.path("role").asText() + "|" + m.path("content").asText())
                    .toList();
            assertThat(summary).containsExactly("user|Before the crash", "user|After the crash",
                    "assistant|Recovered and answering.");
        } finally {
            kill(first);
            kill(second);
        }
    }

    private static Process startGateway(ScriptedLlamaServer llama, Path dir, int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java,
                "-XX:TieredStopAtLevel=1",
                "-Dcamel.server.port=" + port,
                "-Dcamel.main.routes-reload-enabled=false",
                "-Dgateway.llama.base-url=" + llama.baseUrl(),
                "-Dgateway.database.path=" + dir.resolve("gateway.db"),
                "-Dgateway.workspace=" + dir.resolve("workspace"),
                "-Dgateway.tools.dir=" + dir.resolve("tools"),
                "-Dgateway.llama.idle-timeout=5s",
                "-cp", System.getProperty("java.class.path"),
                "dev.hinksbot.gateway.cli.GatewayCli");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(Path.of(System.getProperty("user.dir")).toFile()) // the project root: config/ and routes/
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("HINKSBOT_GATEWAY_CONFIG");
        return pb.start();
    }

    private void awaitHealthy(Process process, int port, Path log) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + tail(log));
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
        throw new AssertionError("the gateway did not become healthy on port " + port + ":\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void kill(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
