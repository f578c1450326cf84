package dev.hinksbot.gateway.e2e;

import dev.hinksbot.gateway.GatewayApp;
import dev.hinksbot.gateway.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Starts the real gateway (the repo's config and routes) on a random port with its own database, workspace and
 * tools folder, against whatever llama-server URL the test gives it.
 */
public final class GatewayHarness implements AutoCloseable {
    private final GatewayApp app;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String apiKey;

    private GatewayHarness(GatewayApp app, Path dir, String apiKey) {
        this.app = app;
        this.dir = dir;
        this.apiKey = apiKey;
    }

    public static GatewayHarness start(String llamaBaseUrl, String... extraKeyValues) throws Exception {
        return start(Map.of(), llamaBaseUrl, extraKeyValues);
    }

    /** Starts with these environment variables (besides the config file's), as the gateway's process would see them. */
    public static GatewayHarness start(Map<String, String> env, String llamaBaseUrl, String... extraKeyValues) throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-e2e");
        Map<String, String> overrides = new HashMap<>();
        overrides.put("camel.server.port", "0");
        overrides.put("camel.main.routes-reload-enabled", "false");
        overrides.put("gateway.llama.base-url", llamaBaseUrl);
        overrides.put("gateway.database.path", dir.resolve("gateway.db").toString());
        overrides.put("gateway.workspace", dir.resolve("workspace").toString());
        overrides.put("gateway.tools.dir", dir.resolve("tools").toString());
        overrides.put("gateway.delivery.dir", dir.resolve("deliveries").toString()); // local deliveries stay out of the repo
        overrides.put("gateway.llama.idle-timeout", "5s");
        // stopping does not wait for runs in flight (tests that need it set their own grace)
        overrides.put("gateway.chat.shutdown-grace", "1ms");
        for (int i = 0; i + 1 < extraKeyValues.length; i += 2) {
            overrides.put(extraKeyValues[i], extraKeyValues[i + 1]);
        }
        Map<String, String> environment = new HashMap<>(env);
        environment.put(ConfigLoader.CONFIG_ENV, "config/application.properties");
        ConfigLoader loader = new ConfigLoader(environment, new Properties());
        GatewayApp app = GatewayApp.start(loader, overrides);
        return new GatewayHarness(app, dir, overrides.getOrDefault("gateway.api.key", ""));
    }

    public GatewayApp app() {
        return app;
    }

    public Path dir() {
        return dir;
    }

    public Path workspace() {
        return dir.resolve("workspace");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public URI wsUri(String sessionId) {
        return URI.create("ws://127.0.0.1:" + app.port() + "/ws/chat/" + sessionId + (apiKey.isEmpty() ? "" : "?token=" + apiKey));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return http.send(request, body);
    }

    /** A request builder with the API key (when the gateway has one). */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (!apiKey.isEmpty()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    public WsTestClient connect(String sessionId) throws Exception {
        return WsTestClient.connect(http, wsUri(sessionId));
    }

    @Override
    public void close() {
        app.close();
    }
}
