package dev.hinksbot.gateway.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Argument checking and typed access for tool handlers. Scalars are accepted in their string form too
 * ("5", "true") because small models often quote them; anything else of the wrong type is refused with
 * a message naming the argument, so the model can correct its call.
 */
public final class Args {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Args() {
    }

    /** The arguments as an object: null or missing become {}, a JSON string holding an object is parsed. */
    public static ObjectNode normalize(JsonNode args) throws ToolArgumentException {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (args.isTextual()) {
            String text = args.asText().strip();
            if (text.isEmpty()) {
                return JsonNodeFactory.instance.objectNode();
            }
            try {
                return normalizeObject(JSON.readTree(text));
            } catch (JsonProcessingException e) {
                throw new ToolArgumentException("arguments must be a JSON object: " + e.getOriginalMessage());
            }
        }
        return normalizeObject(args);
    }

    private static ObjectNode normalizeObject(JsonNode node) throws ToolArgumentException {
        if (!node.isObject()) {
            throw new ToolArgumentException("arguments must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    /** Checks required arguments, declared types, enums and numeric bounds of an object schema. */
    public static void validate(JsonNode schema, ObjectNode args) throws ToolArgumentException {
        if (schema == null || !schema.isObject()) {
            return;
        }
        for (JsonNode req : schema.path("required")) {
            if (!present(args, req.asText())) {
                throw new ToolArgumentException("missing required argument '" + req.asText() + "'");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
        while (props.hasNext()) {
            Map.Entry<String, JsonNode> prop = props.next();
            String name = prop.getKey();
            if (!present(args, name)) {
                continue;
            }
            JsonNode value = args.get(name);
            JsonNode type = prop.getValue().path("type");
            if (type.isTextual() || type.isArray()) {
                boolean ok = false;
                for (JsonNode t : type.isArray() ? type : JsonNodeFactory.instance.arrayNode().add(type)) {
                    ok |= matches(t.asText(), value);
                }
                if (!ok) {
                    throw wrongType(name, type.isArray() ? type.toString() : type.asText(), value);
                }
            }
            JsonNode allowed = prop.getValue().path("enum");
            if (allowed.isArray() && allowed.size() > 0) {
                boolean ok = false;
                for (JsonNode a : allowed) {
                    ok |= a.asText().equals(value.asText());
                }
                if (!ok) {
                    throw new ToolArgumentException("argument '" + name + "' must be one of " + allowed + ", got " + value);
                }
            }
            checkBound(name, value, prop.getValue().path("minimum"), true);
            checkBound(name, value, prop.getValue().path("maximum"), false);
        }
    }

    private static void checkBound(String name, JsonNode value, JsonNode bound, boolean min) throws ToolArgumentException {
        if (!bound.isNumber()) {
            return;
        }
        Double v = asDouble(value);
        if (v != null && (min ? v < bound.asDouble() : v > bound.asDouble())) {
            throw new ToolArgumentException("argument '" + name + "' must be " + (min ? ">= " : "<= ")
                    + bound.asText() + ", got " + value.asText());
        }
    }

    private static boolean matches(String type, JsonNode v) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> asLong(v) != null;
            case "number" -> asDouble(v) != null;
            case "boolean" -> asBool(v) != null;
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            case "null" -> v.isNull();
            default -> true; // unknown type keywords are the schema author's business, not the model's
        };
    }

    private static boolean present(ObjectNode args, String name) {
        JsonNode v = args.get(name);
        return v != null && !v.isNull();
    }

    public static String string(JsonNode args, String name) throws ToolArgumentException {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            throw new ToolArgumentException("missing required argument '" + name + "'");
        }
        if (!v.isTextual()) {
            throw wrongType(name, "string", v);
        }
        return v.asText();
    }

    public static String string(JsonNode args, String name, String dflt) throws ToolArgumentException {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? dflt : string(args, name);
    }

    public static long integer(JsonNode args, String name, long dflt) throws ToolArgumentException {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        Long l = asLong(v);
        if (l == null) {
            throw wrongType(name, "integer", v);
        }
        return l;
    }

    public static boolean bool(JsonNode args, String name, boolean dflt) throws ToolArgumentException {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        Boolean b = asBool(v);
        if (b == null) {
            throw wrongType(name, "boolean", v);
        }
        return b;
    }

    private static Long asLong(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) {
            return (long) v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double asDouble(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean asBool(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        return null;
    }

    private static ToolArgumentException wrongType(String name, String type, JsonNode v) {
        String shown = v.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return new ToolArgumentException("argument '" + name + "' must be " + article(type) + " " + type
                + ", got " + v.getNodeType().name().toLowerCase() + " " + shown);
    }

    private static String article(String type) {
        return type.startsWith("i") || type.startsWith("a") || type.startsWith("o") ? "an" : "a";
    }
}
