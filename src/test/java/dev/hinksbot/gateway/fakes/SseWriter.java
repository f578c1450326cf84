package dev.hinksbot.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes SSE events exactly like llama-server ({@code data: <json>\n\n}), flushing after each one. */
record SseWriter(ObjectMapper json, OutputStream out) {

    void event(JsonNode node) throws IOException {
        raw("data: " + json.writeValueAsString(node) + "\n\n");
    }

    void done() throws IOException {
        raw("data: [DONE]\n\n");
    }

    /** An SSE comment; llama-server never sends these, the fake uses them only to probe a hung stream's client. */
    void comment(String text) throws IOException {
        raw(": " + text + "\n\n");
    }

    private void raw(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
