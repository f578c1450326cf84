package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.JsonMediaType;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/** Reading path/query parameters and JSON bodies of API requests, with 400s that name the culprit. */
final class Requests {
    private Requests() {
    }

    static String pathParam(Exchange exchange, String name) {
        return exchange.getIn().getHeader(name, String.class);
    }

    static int intParam(Exchange exchange, String name, int defaultValue, int min, int max) {
        String raw = exchange.getIn().getHeader(name, String.class);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw ApiException.badRequest("invalid_parameter", "'" + name + "' must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", "'" + name + "' must be a whole number");
        }
    }

    static String stringParam(Exchange exchange, String name) {
        String raw = exchange.getIn().getHeader(name, String.class);
        return raw == null ? null : raw.trim();
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static JsonNode jsonObject(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        // the edge (HttpGuard) already refused other types; the same rule here keeps a route reached another way honest
        if (contentType != null) {
            JsonMediaType.refuse(contentType).ifPresent(why -> {
                throw new ApiException(415, "unsupported_media_type", why);
            });
        }
        String body = exchange.getIn().getBody(String.class);
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (Exception e) {
            throw ApiException.badRequest("invalid_json", "the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_json", "the request body must be a JSON object");
        }
        return node;
    }

    static String optionalString(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be a string");
        }
        if (v.asText().length() > maxLength) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' is longer than " + maxLength + " characters");
        }
        return v.asText();
    }

    static Integer optionalInt(JsonNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be a whole number between " + min + " and " + max);
        }
        return v.asInt();
    }

    static List<String> optionalStringList(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("invalid_field", "'" + field + "' must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    static void json(Exchange exchange, int status, Object body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(body));
    }

    static void json(Exchange exchange, Object body) {
        json(exchange, 200, body);
    }
}
