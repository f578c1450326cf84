package dev.hinksbot.gateway.web.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.agent.ModelParams;
import dev.hinksbot.gateway.common.Json;

/**
 * Reads the sampling and format parameters of an OpenAI request for an agent run, checked here so a mistake is a 400
 * naming the field rather than an opaque llama-server error. Chat Completions' names are llama-server's own; the
 * Responses API's `text.format` and function `tool_choice` are translated to the chat shape.
 */
final class ModelParamsReader {
    private ModelParamsReader() {
    }

    /** From a Chat Completions body. */
    static ModelParams chat(JsonNode body) {
        ObjectNode out = Json.object();
        copyCommon(body, out);
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asInt() == 1)) {
            throw OpenAiJson.invalid("n", "an agent profile gives one answer: 'n' must be 1 (several choices are available"
                    + " with an upstream model id, passed through to llama-server)");
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull()) {
            putFormat(out, format, "response_format");
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (!(choice.isTextual() && isChoiceWord(choice.asText()))
                    && !(choice.isObject() && !choice.path("function").path("name").asText("").isEmpty())) {
                throw OpenAiJson.invalid("tool_choice", "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":…}}");
            }
            out.set("tool_choice", choice.deepCopy());
        }
        return new ModelParams(out);
    }

    /** From a Responses body: `text.format` becomes `response_format`, `{type:function,name}` the chat tool_choice. */
    static ModelParams responses(JsonNode body) {
        ObjectNode out = Json.object();
        copyCommon(body, out);
        JsonNode format = body.path("text").get("format");
        if (format != null && !format.isNull()) {
            if ("json_schema".equals(format.path("type").asText())) {
                // Responses flattens json_schema's fields into `format`; the chat wire nests them.
                ObjectNode schema = format.deepCopy();
                schema.remove("type");
                ObjectNode chat = Json.object().put("type", "json_schema");
                chat.set("json_schema", schema);
                putFormat(out, chat, "text.format");
            } else {
                putFormat(out, format, "text.format");
            }
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (choice.isTextual() && isChoiceWord(choice.asText())) {
                out.set("tool_choice", choice.deepCopy());
            } else if (choice.isObject() && "function".equals(choice.path("type").asText()) && choice.path("name").isTextual()) {
                ObjectNode chat = Json.object().put("type", "function");
                chat.putObject("function").put("name", choice.get("name").asText());
                out.set("tool_choice", chat);
            } else {
                throw OpenAiJson.invalid("tool_choice", "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"name\":…}");
            }
        }
        return new ModelParams(out);
    }

    private static boolean isChoiceWord(String s) {
        return s.equals("none") || s.equals("auto") || s.equals("required");
    }

    private static void copyCommon(JsonNode body, ObjectNode out) {
        number(body, out, "temperature", 0, 2);
        number(body, out, "top_p", 0, 1);
        number(body, out, "min_p", 0, 1);
        number(body, out, "typical_p", 0, 1);
        number(body, out, "presence_penalty", -2, 2);
        number(body, out, "frequency_penalty", -2, 2);
        number(body, out, "repeat_penalty", 0, Double.MAX_VALUE);
        JsonNode topK = body.get("top_k");
        if (topK != null && !topK.isNull()) {
            if (!topK.isIntegralNumber()) {
                throw OpenAiJson.invalid("top_k", "'top_k' must be a whole number");
            }
            out.set("top_k", topK);
        }
        JsonNode seed = body.get("seed");
        if (seed != null && !seed.isNull()) {
            if (!seed.isIntegralNumber()) {
                throw OpenAiJson.invalid("seed", "'seed' must be a whole number");
            }
            out.set("seed", seed);
        }
        JsonNode stop = body.get("stop");
        if (stop != null && !stop.isNull()) {
            boolean ok = stop.isTextual() || stop.isArray();
            if (stop.isArray()) {
                for (JsonNode s : stop) {
                    ok &= s.isTextual();
                }
            }
            if (!ok) {
                throw OpenAiJson.invalid("stop", "'stop' must be a string or an array of strings");
            }
            out.set("stop", stop.deepCopy());
        }
        for (String passed : new String[] {"logit_bias", "chat_template_kwargs"}) {
            JsonNode v = body.get(passed);
            if (v != null && !v.isNull()) {
                if (!v.isObject()) {
                    throw OpenAiJson.invalid(passed, "'" + passed + "' must be an object");
                }
                out.set(passed, v.deepCopy());
            }
        }
        JsonNode parallel = body.get("parallel_tool_calls");
        if (parallel != null && !parallel.isNull()) {
            out.put("parallel_tool_calls", OpenAiJson.flag(body, "parallel_tool_calls", true));
        }
    }

    private static void number(JsonNode body, ObjectNode out, String field, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw OpenAiJson.invalid(field, "'" + field + "' must be a number from " + fmt(min) + " to " + fmt(max));
        }
        out.set(field, v);
    }

    private static String fmt(double d) {
        return d == Double.MAX_VALUE ? "any" : d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** `text` needs nothing; `json_object` and `json_schema` go to llama-server, which turns them into a grammar. */
    private static void putFormat(ObjectNode out, JsonNode format, String param) {
        String type = format.path("type").asText("");
        switch (type) {
            case "text" -> {
            }
            case "json_object" -> out.set("response_format", Json.object().put("type", "json_object"));
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw OpenAiJson.invalid(param, "a json_schema format needs a 'schema' object");
                }
                out.set("response_format", format.deepCopy());
            }
            default -> throw OpenAiJson.invalid(param, "the format type must be text, json_object or json_schema");
        }
    }
}
