package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** What an API user sees: status, content type, a JSON body, never a stack trace or an HTML page. */
final class RestAssert {
    private RestAssert() {
    }

    /** Asserts the status and a JSON content type and body; returns the parsed body. */
    static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as("status of %s %s, body: %s", r.request().method(), r.request().uri(), r.body())
                .isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as("content type of %s", r.request().uri())
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        clean(r);
        JsonNode body;
        try {
            body = Json.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
        assertThat(body).as("body of %s", r.request().uri()).isNotNull();
        return body;
    }

    /** Asserts an API error: status, JSON `{"error":{"code","message"}}` with the given code. */
    static JsonNode error(HttpResponse<String> r, int status, String code) {
        JsonNode body = json(r, status);
        assertThat(body.path("error").path("code").asText()).as("error code, body: %s", r.body()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).as("error message").isNotBlank();
        return body;
    }

    /** No stack trace, no exception class names, no HTML. */
    static void clean(HttpResponse<String> r) {
        clean(r.body());
    }

    static void clean(String body) {
        assertThat(body).doesNotContain("at dev.hinksbot", "Exception", "\tat ", "<html", "<HTML", "<!DOCTYPE", "<body");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
