package dev.hinksbot.gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;

/** Maps llama-server error bodies and HTTP statuses to {@link ModelException}s with stable codes. */
final class LlamaErrors {
    private LlamaErrors() {
    }

    static ModelException fromResponse(int status, String body) {
        JsonNode error = null;
        try {
            JsonNode parsed = Json.parse(body == null ? "" : body);
            if (parsed != null) {
                error = parsed.get("error");
            }
        } catch (Exception ignored) {
            // not JSON: fall through with the status alone
        }
        if (error != null && error.isObject()) {
            return fromErrorBody(error, status, false);
        }
        return byStatus(status, "", "llama-server answered HTTP " + status);
    }

    static ModelException fromErrorBody(JsonNode error, int status, boolean midStream) {
        String type = error.path("type").asText("");
        String message = error.path("message").asText("llama-server reported an error");
        int code = status != 0 ? status : error.path("code").asInt(500);
        if (midStream) {
            return new ModelException(ModelError.MODEL_ERROR, "llama-server failed mid-answer: " + message, code);
        }
        return byStatus(code, type, message);
    }

    private static ModelException byStatus(int status, String type, String message) {
        if ("exceed_context_size_error".equals(type)) {
            return new ModelException(ModelError.CONTEXT_EXCEEDED, "The conversation does not fit the model's context: " + message, status);
        }
        return switch (status) {
            case 503 -> message.toLowerCase().contains("loading")
                    ? new ModelException(ModelError.MODEL_LOADING, "llama-server is still loading its model", status)
                    : new ModelException(ModelError.MODEL_UNAVAILABLE, "llama-server is unavailable: " + message, status);
            case 401, 403 -> new ModelException(ModelError.MODEL_AUTH_FAILED,
                    "llama-server refused the gateway's credentials (check gateway.llama.api-key)", status);
            case 400, 404, 422 -> new ModelException(ModelError.MODEL_BAD_REQUEST, "llama-server rejected the request: " + message, status);
            default -> new ModelException(ModelError.MODEL_ERROR, "llama-server failed: " + message, status);
        };
    }
}
