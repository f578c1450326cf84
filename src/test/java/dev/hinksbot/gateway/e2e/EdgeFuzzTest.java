package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.common.Json;
import io.vertx.ext.web.Route;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route the gateway serves, with every media type a client or a page might send and bodies that are not what
 * the route expects: the answer is always a JSON 4xx (or a success), never a 5xx, a plain-text or HTML page, an
 * empty body or a stack trace. Also what Vert.x and Netty would answer themselves: undecodable URIs and forms,
 * request lines and headers over the limits, and requests that name a foreign Host.
 */
class EdgeFuzzTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.tools.approvals", "dangerous");

    private static final List<String> CONTENT_TYPES = java.util.Arrays.asList(null, "application/json",
            "application/json; charset=utf-8", "application/json; charset=bogus", "application/json; charset=utf-16",
            "text/plain", "text/plain; x=json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
            "application/xml", "application/octet-stream", ";;;", "application/json; x=\"", "*/*");

    private static List<byte[]> bodies() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        return List.of(new byte[0], "{".getBytes(), "[]".getBytes(), "null".getBytes(), "{\"model\":5,\"messages\":{}}".getBytes(),
                "a=%ZZ&b=%%".getBytes(), random, "\"\\ud800\"".getBytes(StandardCharsets.UTF_8),
                "{\"arguments\":{\"command\":[1]},\"prompt\":{},\"schedule\":7}".getBytes());
    }

    @Test
    void everyRouteAnswersBadInputWithJsonAndNever5xx() throws Exception {
        Set<String> routes = new TreeSet<>();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(live.gateway().app().camelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(live.gateway().app().port()));
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.getPath().startsWith("/ws/")) {
                continue;
            }
            route.methods().forEach(m -> routes.add(m.name() + " " + route.getPath().replaceAll(":[A-Za-z]+", "fuzz-id")));
        }
        assertThat(routes).as("routes found on the router").hasSizeGreaterThan(25)
                .contains("POST /api/v1/tools/fuzz-id/execute", "POST /v1/chat/completions", "POST /api/gui/cron/jobs");
        List<String> problems = new ArrayList<>();
        int requests = 0;
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            boolean sendsBody = Set.of("POST", "PUT", "PATCH").contains(method);
            for (String type : sendsBody ? CONTENT_TYPES : java.util.Collections.<String>singletonList(null)) {
                for (byte[] body : sendsBody ? bodies() : List.of(new byte[0])) {
                    HttpRequest.Builder request = live.gateway().request(path)
                            .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                    if (type != null) {
                        request.header("Content-Type", type);
                    }
                    HttpResponse<String> r = live.gateway().send(request.build());
                    requests++;
                    String problem = problem(r);
                    if (problem != null) {
                        problems.add(route + " [" + type + "] " + body.length + "B → " + problem);
                    }
                }
            }
        }
        assertThat(problems).as("answers out of %d requests that are not JSON 2xx/4xx", requests).isEmpty();
        assertThat(live.gateway().get("/api/v1/health").statusCode()).isEqualTo(200);
    }

    @Test
    void whatVertxAndNettyWouldAnswerThemselvesIsJsonToo() throws Exception {
        int port = live.gateway().app().port();
        assertJson(raw(port, "GET /api/v1/sessions/search?q=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400, "invalid_request");
        assertJson(raw(port, "GET /api/v1/sessions/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400, "invalid_request");
        assertJson(raw(port, "GET /api/v1/sessions?x=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 414, "uri_too_long");
        assertJson(raw(port, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"), 431, "headers_too_large");
        assertJson(raw(port, "GARBAGE\r\n\r\n"), 400, "invalid_request");
        // nothing there, outside the API too: JSON, not a plain-text or HTML page
        assertJson(raw(port, "GET /nothing/here HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 404, "not_found");
        assertJson(raw(port, "GET /ui/nope.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 404, "not_found");
        // DNS rebinding: the page's own name arrives in Host, on every path including the UI and the WebSocket
        for (String path : List.of("/", "/api/v1/sessions", "/v1/models", "/docs/", "/ws/chat/x")) {
            assertJson(raw(port, "GET " + path + " HTTP/1.1\r\nHost: attacker.example:" + port + "\r\n\r\n"), 403, "host_not_allowed");
        }
        // HTTP/1.1 without Host: Vert.x refuses it before the guard; still JSON
        assertJson(raw(port, "GET /api/v1/sessions HTTP/1.1\r\n\r\n"), 400, "invalid_request");
        String form = "a=%ZZ&b=" + "\u0000".repeat(10);
        assertJson(raw(port, "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\n\r\n" + form), 415, "unsupported_media_type");
        assertThat(live.gateway().get("/api/v1/health").statusCode()).isEqualTo(200);
    }

    private static String problem(HttpResponse<String> r) {
        if (r.statusCode() >= 500) {
            return r.statusCode() + " " + r.body();
        }
        if (r.statusCode() == 204) {
            return null;
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        boolean prometheus = r.statusCode() == 200 && type.startsWith("text/plain; version=0.0.4"); // GET /metrics
        if (!type.startsWith("application/json") && !type.startsWith("text/markdown") && !prometheus) {
            return "Content-Type '" + type + "': " + r.body();
        }
        if (type.startsWith("application/json")) {
            try {
                Json.parse(r.body());
            } catch (Exception e) {
                return "not JSON: " + r.body();
            }
        }
        if (r.body().contains("Exception") || r.body().contains("\tat ")) {
            return "stack trace: " + r.body();
        }
        return null;
    }

    private static void assertJson(String response, int status, String code) throws Exception {
        // a request Netty could not decode is answered as HTTP/1.0
        assertThat(response).as(response).matches("(?s)HTTP/1\\.[01] " + status + " .*");
        int split = response.indexOf("\r\n\r\n");
        assertThat(response.substring(0, split).toLowerCase()).contains("content-type: application/json");
        String body = response.substring(split + 4);
        // a chunked body: the JSON sits between the chunk sizes
        String json = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        assertThat(Json.parse(json).path("error").path("code").asText()).isEqualTo(code);
    }

    /** A request written byte for byte (Java's client will not send a foreign Host, a bad URI or no Host at all). */
    private static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.UTF_8);
                int split = text.indexOf("\r\n\r\n");
                if (split > 0 && (text.endsWith("}") || text.endsWith("0\r\n\r\n"))) {
                    break;
                }
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }
}
