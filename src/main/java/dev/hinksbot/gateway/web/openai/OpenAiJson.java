package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.tools.ToolSpec;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.JsonMediaType;
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
        // the edge (HttpGuard) already refused other types; the same rule here keeps a route reached another way honest
        if (contentType != null) {
            JsonMediaType.refuse(contentType).ifPresent(why -> {
                throw new ApiException(415, "unsupported_media_type", why);
            });
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

    /** Message content as text; {@code parts} is non-null when it also holds images (the chat wire's content array). */
    record Content(String text, com.fasterxml.jackson.databind.node.ArrayNode parts) {
    }

    /** Message content as text (see {@link #message}); images are kept only by {@link #message}. */
    static String content(JsonNode content, String param) {
        return message(content, param).text();
    }

    /**
     * Message content: a string, null, or an array of parts. Text parts (`text`, `input_text`, `output_text`) are
     * joined; image parts (`image_url`, and Responses' `input_image`) are kept in llama-server's chat shape and passed
     * on — llama-server answers with its own error when it has no vision projector. Audio and files are refused.
     */
    static Content message(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return new Content(null, null);
        }
        if (content.isTextual()) {
            return new Content(content.asText(), null);
        }
        if (!content.isArray()) {
            throw invalid(param, "'" + param + "' must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        com.fasterxml.jackson.databind.node.ArrayNode parts = Json.MAPPER.createArrayNode();
        boolean images = false;
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            switch (type) {
                case "text", "input_text", "output_text" -> {
                    text.append(part.path("text").asText(""));
                    parts.addObject().put("type", "text").put("text", part.path("text").asText(""));
                }
                case "image_url" -> {
                    images = true;
                    parts.add(part.deepCopy());
                }
                case "input_image" -> {
                    images = true;
                    JsonNode url = part.get("image_url");
                    if (url == null || !url.isTextual()) {
                        throw invalid(param, "an input_image part needs 'image_url' (a URL or data URL); file ids are not supported");
                    }
                    var image = parts.addObject().put("type", "image_url").putObject("image_url").put("url", url.asText());
                    if (part.hasNonNull("detail")) {
                        image.put("detail", part.get("detail").asText());
                    }
                }
                default -> throw invalid(param, "content parts of type '" + type + "' are not supported; send text or images");
            }
        }
        return new Content(text.toString(), images ? parts : null);
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
