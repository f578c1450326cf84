package dev.hinksbot.gateway.web;

import java.util.Locale;
import java.util.Optional;

/**
 * The one media type a JSON endpoint accepts: {@code application/json}, parsed (not searched for "json"), with at
 * most a {@code charset} parameter naming UTF-8 (RFC 8259: JSON on the wire is UTF-8). {@code text/plain; x=json}
 * is what a foreign page sends to skip a CORS preflight, and an unknown charset used to reach a decoder and fail
 * there; both are refused here, before anything reads the body.
 */
public final class JsonMediaType {
    private JsonMediaType() {
    }

    /** Why {@code contentType} is not JSON, or empty when it is. */
    public static Optional<String> refuse(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Optional.of("the request has a body but no Content-Type; send it with 'Content-Type: application/json'");
        }
        String[] parts = contentType.split(";", -1);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return Optional.of("Content-Type '" + printable(parts[0].trim()) + "' is not accepted; send the body as "
                    + "JSON with 'Content-Type: application/json'");
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : unquote(param.substring(eq + 1).trim());
            if (!name.equals("charset")) {
                return Optional.of("the Content-Type parameter '" + printable(name) + "' is not accepted; send "
                        + "'Content-Type: application/json'");
            }
            if (!value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
                return Optional.of("charset '" + printable(value) + "' is not accepted; JSON is sent as UTF-8");
            }
        }
        return Optional.empty();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** A header value as it may appear in an error message: printable ASCII only, bounded. */
    static String printable(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }
}
