package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gateway with `gateway.api.key`: every API and the WebSocket need the key; health and the API description do not. */
class RestAuthTest {
    static final String KEY = "s3cret";
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.key", KEY);
    static final HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Every response any test got, to check the key never leaks. */
    static final List<HttpResponse<String>> seen = new ArrayList<>();



    /** A request without the harness's key; {@code authorization} may be null for none. */
    static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = anonymous.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        synchronized (seen) {
            seen.add(r);
        }
        return r;
    }

    static void assertUnauthorized(HttpResponse<String> r) {
        error(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void noKeyIs401WithWwwAuthenticate() throws Exception {
        for (String path : List.of("/api/v1/sessions", "/api/v1/tools", "/api/v1/stats", "/api/v1/models",
                "/api/v1/sessions/search?q=x", "/api/v1/sessions/sess_x", "/api/v1/nope")) {
            assertUnauthorized(get(path, null));
        }
        HttpResponse<String> post = anonymous.send(HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + "/api/v1/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertUnauthorized(post);
        HttpResponse<String> exec = anonymous.send(HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + "/api/v1/tools/run_shell/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"arguments\":{\"command\":\"echo pwned\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertUnauthorized(exec);
        assertThat(exec.body()).doesNotContain("pwned");
    }

    @Test
    void wrongKeyIs401() throws Exception {
        for (String auth : List.of("Bearer wrong", "Bearer s3cre", "Bearer s3cretX", "Bearer ", "Basic czNjcmV0", "s3cret",
                "Bearer S3CRET")) {
            assertUnauthorized(get("/api/v1/sessions", auth));
        }
        // ?token= is for WebSockets only; REST calls need the header.
        assertUnauthorized(get("/api/v1/sessions?token=" + KEY, null));
    }

    @Test
    void rightKeyIs200() throws Exception {
        json(get("/api/v1/sessions", "Bearer " + KEY), 200);
        json(get("/api/v1/sessions", "bearer " + KEY), 200);
        json(get("/api/v1/tools", "Bearer " + KEY), 200);
        JsonNode created = json(live.gateway().post("/api/v1/sessions", "{\"title\":\"authed\"}"), 201);
        json(live.gateway().get("/api/v1/sessions/" + created.path("id").asText()), 200);
    }

    @Test
    void healthAndOpenApiArePublic() throws Exception {
        JsonNode h = json(get("/api/v1/health", null), 200);
        assertThat(h.path("status").asText()).isEqualTo("ok");
        JsonNode doc = json(get("/api/v1/openapi.json", null), 200);
        assertThat(doc.path("paths").isObject()).isTrue();
        HttpResponse<String> docs = get("/docs/", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        // A wrong key on a public path does not turn it into a 401.
        json(get("/api/v1/health", "Bearer wrong"), 200);
    }

    /** The WebSocket handshake is answered with the JSON 401, never upgraded. */
    static void assertRefused(URI uri) {
        assertThatThrownBy(() -> WsTestClient.connect(anonymous, uri)).as("connect %s", uri)
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(401);
                    assertThat(String.valueOf(e.getResponse().body())).contains("unauthorized").doesNotContain(KEY);
                });
    }

    @Test
    void webSocketNeedsTheTokenQueryParameter() throws Exception {
        String id = "auth-ws";
        URI noToken = URI.create("ws://127.0.0.1:" + live.gateway().app().port() + "/ws/chat/" + id);
        assertRefused(noToken);
        assertRefused(URI.create(noToken + "?token=nope"));
        assertRefused(URI.create(noToken + "?token="));

        try (WsTestClient ws = live.gateway().connect(id)) { // harness adds ?token=<key>
            ws.sendUserMessage("hello with a key");
            ws.awaitType("stream_end");
        }
        JsonNode messages = json(live.gateway().get("/api/v1/sessions/" + id + "/messages"), 200);
        assertThat(messages.path("messages")).extracting(m -> m.path("content").asText()).contains("hello with a key");

        // The Bearer header works for WebSocket clients that can send headers.
        WebSocket socket = anonymous.newWebSocketBuilder().header("Authorization", "Bearer " + KEY)
                .buildAsync(noToken, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void theKeyNeverAppearsInAnyResponse() throws Exception {
        get("/api/v1/health", null);
        get("/api/v1/health", "Bearer " + KEY);
        get("/api/v1/openapi.json", null);
        get("/api/v1/sessions", null);
        get("/api/v1/sessions?token=" + KEY, null);
        get("/api/v1/sessions", "Bearer wrong");
        get("/api/v1/sessions?token=" + KEY, "Bearer " + KEY);
        get("/api/v1/stats", "Bearer " + KEY);
        get("/api/v1/models", "Bearer " + KEY);
        get("/api/v1/tools", "Bearer " + KEY);
        get("/api/v1/tools/file_read", "Bearer " + KEY);
        get("/docs/", null);
        get("/docs/init.js", null);
        List<HttpResponse<String>> all;
        synchronized (seen) {
            all = List.copyOf(seen);
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(13);
        for (HttpResponse<String> r : all) {
            assertThat(r.body()).as("body of %s", r.uri()).doesNotContain(KEY);
            r.headers().map().forEach((name, values) ->
                    assertThat(values).as("header %s of %s", name, r.uri()).noneMatch(v -> v.contains(KEY)));
        }
    }
}
