package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.hinksbot.gateway.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The request and response plumbing the chat platform fakes share: Bot API and Web API calls are form or JSON. */
final class FakeHttp {
    private FakeHttp() {
    }

    /** Query, form and JSON body parameters in one map (JSON values that are not strings as their JSON text). */
    static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> out = new HashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            parseForm(query, out);
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length > 0) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            String text = new String(body, StandardCharsets.UTF_8);
            if (type != null && type.contains("json")) {
                Json.MAPPER.readTree(text).fields().forEachRemaining(e ->
                        out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            } else {
                parseForm(text, out);
            }
        }
        return out;
    }

    private static void parseForm(String form, Map<String, String> out) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }

    static void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
