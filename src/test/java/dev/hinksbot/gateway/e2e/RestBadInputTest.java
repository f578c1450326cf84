package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.RestAssert.error;
import static dev.hinksbot.gateway.e2e.RestAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a careless or hostile client gets: clean JSON errors with stable codes and exact statuses, never a stack
 * trace or an HTML page; plus the API description, the docs page, and no way to read the config.
 */
class RestBadInputTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();
    static String sessionId;

    @BeforeAll
    static void start() throws Exception {
        sessionId = json(live.gateway().post("/api/v1/sessions", "{\"title\":\"target\"}"), 201).path("id").asText();
    }


    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return live.gateway().send(live.gateway().request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A raw HTTP/1.1 request, so the path reaches the server exactly as written (no client-side normalisation). */
    static RawResponse raw(String method, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", live.gateway().app().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new RawResponse(status, text);
        }
    }

    record RawResponse(int status, String text) {
    }

    // ------------------------------------------------------------------------------------------ bodies

    @Test
    void malformedJsonIs400InvalidJson() throws Exception {
        for (String body : List.of("{", "{\"title\":", "not json", "{\"title\":\"x\",}", "{'title':'x'}", "\u0000")) {
            error(live.gateway().post("/api/v1/sessions", body), 400, "invalid_json");
            error(live.gateway().patch("/api/v1/sessions/" + sessionId, body), 400, "invalid_json");
            error(live.gateway().post("/api/v1/tools/file_read/execute", body), 400, "invalid_json");
        }
    }

    @Test
    void nonObjectJsonIs400() throws Exception {
        for (String body : List.of("[]", "[{\"title\":\"x\"}]", "5", "\"title\"", "null", "true")) {
            error(live.gateway().post("/api/v1/sessions", body), 400, "invalid_json");
            error(live.gateway().patch("/api/v1/sessions/" + sessionId, body), 400, "invalid_json");
        }
    }

    @Test
    void wrongFieldTypesAre400InvalidField() throws Exception {
        for (String body : List.of("{\"title\": 5}", "{\"title\": {}}", "{\"model\": true}", "{\"system_prompt\": []}",
                "{\"max_turns\":\"x\"}", "{\"max_turns\":1.5}", "{\"max_turns\":0}", "{\"max_turns\":100000}",
                "{\"tool_options\":\"file\"}", "{\"tool_options\":[1]}", "{\"tool_options\":{\"a\":1}}",
                "{\"title\":\"" + "t".repeat(201) + "\"}")) {
            JsonNode e = error(live.gateway().post("/api/v1/sessions", body), 400, "invalid_field");
            assertThat(e.path("error").path("message").asText()).as("message for %s", body).containsPattern("'[a-z_]+'");
            error(live.gateway().patch("/api/v1/sessions/" + sessionId, body), 400, "invalid_field");
        }
        // Nothing was changed by the rejected patches.
        assertThat(json(live.gateway().get("/api/v1/sessions/" + sessionId), 200).path("title").asText()).isEqualTo("target");
    }

    @Test
    void badQueryParametersAre400InvalidParameter() throws Exception {
        for (String query : List.of("limit=abc", "limit=0", "limit=-5", "page=-1", "page=0", "page=abc", "limit=100000",
                "limit=1.5", "page=99999999999999999999")) {
            JsonNode e = error(live.gateway().get("/api/v1/sessions?" + query), 400, "invalid_parameter");
            assertThat(e.path("error").path("message").asText()).containsAnyOf("'limit'", "'page'");
            error(live.gateway().get("/api/v1/sessions/" + sessionId + "/messages?" + query), 400, "invalid_parameter");
        }
        error(live.gateway().get("/api/v1/sessions/search?q=x&limit=0"), 400, "invalid_parameter");
        error(live.gateway().get("/api/v1/sessions/search?q=x&limit=101"), 400, "invalid_parameter");
    }

    @Test
    void unknownSessionIs404SessionNotFound() throws Exception {
        error(live.gateway().get("/api/v1/sessions/sess_missing"), 404, "session_not_found");
        error(live.gateway().patch("/api/v1/sessions/sess_missing", "{\"title\":\"x\"}"), 404, "session_not_found");
        error(live.gateway().delete("/api/v1/sessions/sess_missing"), 404, "session_not_found");
        error(live.gateway().get("/api/v1/sessions/sess_missing/messages"), 404, "session_not_found");
        error(live.gateway().get("/api/v1/sessions/sess_missing/export?format=md"), 404, "session_not_found");
        error(live.gateway().get("/api/v1/sessions/" + RestAssert.enc("<script>alert(1)</script>")), 404, "session_not_found");
    }

    @Test
    void hugeBodyIs413BodyTooLarge() throws Exception {
        String huge = "{\"title\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        error(live.gateway().post("/api/v1/sessions", huge), 413, "body_too_large");
        error(live.gateway().post("/api/v1/tools/file_write/execute", huge), 413, "body_too_large");

        // Without a Content-Length (chunked), the body is cut off while it streams in: still a JSON 413.
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = live.gateway().send(live.gateway().request("/api/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());
        error(chunked, 413, "body_too_large");

        // The gateway is fine afterwards, and nothing was created.
        JsonNode list = json(live.gateway().get("/api/v1/sessions?limit=200"), 200);
        assertThat(list.path("sessions")).allSatisfy(s -> assertThat(s.path("title").asText()).doesNotStartWith("xxxx"));
    }

    @Test
    void nonJsonContentTypesAre415() throws Exception {
        error(post("/api/v1/sessions", "application/x-www-form-urlencoded", "title=hello"), 415, "unsupported_media_type");
        error(post("/api/v1/sessions", "text/plain", "{\"title\":\"hello\"}"), 415, "unsupported_media_type");
        error(live.gateway().send(live.gateway().request("/api/v1/sessions/" + sessionId).header("Content-Type", "application/x-www-form-urlencoded")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("title=hello")).build()), 415, "unsupported_media_type");
        error(post("/api/v1/tools/file_read/execute", "application/x-www-form-urlencoded", "arguments=x"), 415, "unsupported_media_type");
        // A JSON content type with a charset is fine.
        json(post("/api/v1/sessions", "application/json; charset=utf-8", "{\"title\":\"charset\"}"), 201);
    }

    @Test
    void unknownApiPathsAre404Json() throws Exception {
        // Repeated on fresh connections: the listener is shared by two servers, and both must answer alike.
        for (int round = 0; round < 2; round++) {
            for (String path : List.of("/api/v1/nope", "/api/v1/sessions/" + sessionId + "/nope", "/api/v1/tools/file_read/schema/x",
                    "/api/v2/sessions", "/api/", "/api")) {
                error(live.gateway().get(path), 404, "not_found");
                RawResponse raw = raw("GET", path);
                assertThat(raw.status()).as(path).isEqualTo(404);
                assertThat(raw.text()).as(path).containsIgnoringCase("content-type: application/json").contains("\"not_found\"");
            }
        }
        // Outside /api a miss is a plain 404: no HTML page either.
        for (String path : List.of("/nope", "/docs/nope.js", "/ws")) {
            HttpResponse<String> r = live.gateway().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            RestAssert.clean(r);
        }
    }

    @Test
    void unsupportedMethodsAre405JsonWithAllow() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (String[] req : List.of(new String[] {"PUT", "/api/v1/sessions", "GET, POST"},
                    new String[] {"DELETE", "/api/v1/tools", "GET"}, new String[] {"POST", "/api/v1/health", "GET"},
                    new String[] {"PUT", "/api/v1/sessions/" + sessionId, "DELETE, GET, PATCH"},
                    new String[] {"GET", "/api/v1/tools/file_read/execute", "POST"})) {
                HttpResponse<String> r = live.gateway().send(live.gateway().request(req[1]).header("Content-Type", "application/json")
                        .method(req[0], HttpRequest.BodyPublishers.ofString("{}")).build());
                error(r, 405, "method_not_allowed");
                assertThat(r.headers().firstValue("Allow")).as("%s %s", req[0], req[1]).hasValue(req[2]);
            }
        }
        // The rejected PUT changed nothing.
        assertThat(json(live.gateway().get("/api/v1/sessions/" + sessionId), 200).path("title").asText()).isEqualTo("target");
    }

    @Test
    void requestHeadersAndQueryParametersAreNotEchoedAsResponseHeaders() throws Exception {
        HttpResponse<String> r = live.gateway().send(live.gateway().request("/api/v1/sessions?limit=5&Set-Cookie=evil%3D1&Location=https%3A%2F%2Fevil.example&token=abc")
                .header("X-Custom", "hello").header("Cookie", "a=b").GET().build());
        json(r, 200);
        assertThat(r.headers().map().keySet()).map(k -> k.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("set-cookie", "location", "token", "limit", "x-custom", "cookie", "user-agent", "host");
        r.headers().map().values().forEach(v -> assertThat(v).noneMatch(x -> x.contains("evil") || x.contains("hello")));
        HttpResponse<String> cd = live.gateway().get("/api/v1/sessions?Content-Disposition=" + RestAssert.enc("attachment; filename=evil.exe"));
        json(cd, 200);
        assertThat(cd.headers().firstValue("Content-Disposition")).isEmpty();

        // Same for errors, and for values a response header cannot carry (NUL, CR/LF).
        HttpResponse<String> e = live.gateway().get("/api/v1/sessions/sess_missing?x=%00&y=a%0d%0aSet-Cookie:%20z=1");
        error(e, 404, "session_not_found");
        assertThat(e.headers().map().keySet()).map(k -> k.toLowerCase(java.util.Locale.ROOT)).doesNotContain("x", "y", "set-cookie");
    }

    // ------------------------------------------------------------------------------------------ docs

    @Test
    void openApiDocumentListsTheSessionsPaths() throws Exception {
        HttpResponse<String> r = live.gateway().get("/api/v1/openapi.json");
        JsonNode doc = json(r, 200);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("HinksBot Gateway API");
        List<String> paths = new java.util.ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        String base = doc.path("servers").path(0).path("url").asText("");
        List<String> full = paths.stream().map(p -> p.startsWith("/api/v1") ? p : base.replaceAll("/$", "") + p).toList();
        assertThat(full).as("paths %s with server %s", paths, base)
                .contains("/api/v1/sessions", "/api/v1/sessions/{id}", "/api/v1/sessions/search", "/api/v1/tools/{name}/execute");
    }

    @Test
    void docsPageLoadsSwaggerUi() throws Exception {
        HttpResponse<String> page = live.gateway().get("/docs/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(page.body()).contains("swagger-ui", "/docs/assets/swagger-ui-bundle.js");

        HttpResponse<String> redirect = live.gateway().get("/docs");
        assertThat(redirect.statusCode()).isIn(301, 302, 303, 307, 308);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/docs/"));

        HttpResponse<String> bundle = live.gateway().get("/docs/assets/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("javascript"));
        assertThat(bundle.body().length()).isGreaterThan(100_000);

        HttpResponse<String> init = live.gateway().get("/docs/init.js");
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.body()).contains("/api/v1/openapi.json");
    }

    // ------------------------------------------------------------------------------------------ security

    @Test
    void theConfigFileIsNeverServed() throws Exception {
        for (String path : List.of("/config/application.properties", "/../config/application.properties",
                "/docs/../config/application.properties", "/docs/../../config/application.properties",
                "/docs/..%2f..%2fconfig/application.properties", "/docs/%2e%2e/%2e%2e/config/application.properties",
                "/docs/assets/..%2f..%2f..%2f..%2f..%2f..%2fconfig/application.properties",
                "/docs/assets/../../../../../../config/application.properties",
                "/api/v1/../../config/application.properties", "/application.properties", "/routes/rest-api.yaml",
                "/docs/../routes/rest-api.yaml", "/docs/..%5c..%5cconfig%5capplication.properties")) {
            RawResponse r = raw("GET", path);
            assertThat(r.status()).as("status for %s", path).isNotEqualTo(200).isLessThan(500);
            assertThat(r.text()).as("response to %s", path)
                    .doesNotContain("gateway.llama.base-url", "camel.main.routes-include-pattern", "bean:sessionsApi")
                    .doesNotContain("at dev.hinksbot", "Exception", "<html");
        }
        // Nor other files next to the docs on the classpath or in the working directory.
        for (String path : List.of("/docs/../logback.xml", "/docs/..%2flogback.xml", "/docs/assets/..%2f..%2f..%2f..%2f..%2flogback.xml",
                "/docs/%2e%2e/%2e%2e/pom.xml", "/docs/assets/../../../../../../pom.xml", "/docs/..%2f..%2f..%2fpom.xml",
                "/docs/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fdb/migration")) {
            RawResponse r = raw("GET", path);
            assertThat(r.status()).as("status for %s", path).isNotEqualTo(200).isLessThan(500);
            assertThat(r.text()).as("response to %s", path).doesNotContain("<configuration", "<project", "<html");
        }
        HttpResponse<String> viaClient = live.gateway().get("/config/application.properties");
        assertThat(viaClient.statusCode()).isEqualTo(404);
        assertThat(viaClient.body()).doesNotContain("gateway.llama.base-url");
    }

    @Test
    void errorBodiesCarryNoInternals() throws Exception {
        // A spread of failures; each one's body is the error shape and nothing more.
        List<HttpResponse<String>> responses = List.of(
                live.gateway().post("/api/v1/sessions", "{"),
                live.gateway().post("/api/v1/sessions", "{\"max_turns\":\"x\"}"),
                live.gateway().get("/api/v1/sessions?limit=abc"),
                live.gateway().get("/api/v1/sessions/sess_missing"),
                live.gateway().get("/api/v1/tools/nope"),
                live.gateway().get("/api/v1/nope"));
        for (HttpResponse<String> r : responses) {
            JsonNode body = Json.parse(r.body());
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.path("error").properties()).extracting(java.util.Map.Entry::getKey)
                    .containsExactlyInAnyOrder("message", "type", "param", "code");
            RestAssert.clean(r);
        }
    }
}
