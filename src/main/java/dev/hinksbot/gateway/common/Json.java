package dev.hinksbot.gateway.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The one configured Jackson mapper (thread-safe once built; never reconfigured after class init). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** Parses tool-call arguments as the model sent them; a malformed string becomes {"_raw": text}. */
    public static JsonNode parseArgumentsLenient(String text) {
        if (text == null || text.isBlank()) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? object() : node;
        } catch (JsonProcessingException e) {
            return object().put("_raw", text);
        }
    }
}
