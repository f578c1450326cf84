package dev.hinksbot.gateway.tools.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which tool arguments become message headers of an endpoint call. The model names the arguments (undeclared ones
 * pass validation too), and Camel components take {@code Camel*} headers as instructions — {@code CamelHttpUri}
 * replaces an http endpoint's target, {@code CamelHttpPath}/{@code CamelHttpQuery} change it,
 * {@code CamelHttpMethod} the verb, {@code CamelFileName} a file's name — so those never become headers, nor does
 * {@code Host}, nor a name that is no HTTP token. The JSON body still carries every argument: it is data.
 */
public final class EndpointHeaders {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    private EndpointHeaders() {
    }

    /** Whether an argument of this name may be a header. */
    public static boolean allowed(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return TOKEN.matcher(name).matches() && !n.startsWith("camel") && !n.startsWith("org.apache.camel")
                && !n.equals("host");
    }

    /** The arguments as headers (numbers, booleans kept; objects and arrays as JSON text), unsafe names left out. */
    static Map<String, Object> fromArguments(JsonNode args) {
        Map<String, Object> headers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = args.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!allowed(e.getKey())) {
                continue;
            }
            JsonNode v = e.getValue();
            headers.put(e.getKey(), v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
                    : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.toString());
        }
        return headers;
    }

    /** {@code headers} without the names {@link #allowed} refuses (a second line of defence at the Camel edge). */
    public static Map<String, Object> filter(Map<String, Object> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (allowed(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
