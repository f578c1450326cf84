package dev.hinksbot.gateway.channels.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.tools.ToolSpec;
import dev.hinksbot.gateway.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/** Reading OpenAI request bodies, with 400s that name the field at fault (OpenAI's `param`). */
final class OpenAiJson {
    private OpenAiJson() {
    }

    static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request", message, param);
    }

    /** The body as a JSON object. */
    static JsonNode body(Exchange exchange) {
        return body(exchange, exchange.getIn().getBody(byte[].class));
    }

    /** {@code raw} as a JSON object (the caller may still need the exact bytes). */
    static JsonNode body(Exchange exchange, byte[] raw) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json'");
        }
        if (raw == null || raw.length == 0) {
            throw invalid(null, "the request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(raw);
        } catch (Exception e) {
            throw new ApiException(400, "invalid_json", "the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid_json", "the request body must be a JSON object");
        }
        return node;
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(field, "'" + field + "' must be a string");
        }
        return v.asText();
    }

    static Integer positiveInt(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw invalid(field, "'" + field + "' must be a whole number of at least 1");
        }
        return v.asInt();
    }

    static boolean flag(JsonNode body, String field, boolean defaultValue) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw invalid(field, "'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    /**
     * Message content: a string, null, or an array of parts of which only text is supported (`text`, `input_text`,
     * `output_text`); images and audio are refused rather than silently dropped.
     */
    static String content(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw invalid(param, "'" + param + "' must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            if (!type.equals("text") && !type.equals("input_text") && !type.equals("output_text")) {
                throw invalid(param, "content parts of type '" + type + "' are not supported; send text");
            }
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    /**
     * Function tools the client declares, in the Chat Completions shape ({@code {type, function:{name, …}}}) or the
     * Responses shape ({@code {type, name, …}}).
     */
    static List<ToolSpec> clientTools(JsonNode tools) {
        List<ToolSpec> specs = new ArrayList<>();
        if (tools == null || tools.isNull()) {
            return specs;
        }
        if (!tools.isArray()) {
            throw invalid("tools", "'tools' must be an array");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw invalid("tools[" + i + "].type", "only tools of type 'function' are supported");
            }
            JsonNode fn = tool.has("function") ? tool.get("function") : tool;
            JsonNode parameters = fn.get("parameters");
            try {
                specs.add(new ToolSpec(fn.path("name").asText(""), fn.path("description").asText(""),
                        parameters == null || parameters.isNull() ? Json.object().put("type", "object") : parameters, List.of("client")));
            } catch (IllegalArgumentException e) {
                throw invalid("tools[" + i + "].name", "tool names must be 1-64 letters, digits, '_' or '-'");
            }
        }
        return specs;
    }
}
