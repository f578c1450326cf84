package dev.hinksbot.gateway.e2e;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as a scraper reads it: every sample belongs to a
 * family declared by a {@code # TYPE} line before it, names and label names are valid, label values are quoted with
 * the format's escapes, values are floats. Fails on anything else.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** Series ({@code name{a="x",b="y"}} with labels sorted) to value. */
    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                check(p.length == 2 && NAME.matcher(p[0]).matches() && TYPES.contains(p[1]), n, line);
                check(types.put(p[0], p[1]) == null, n, "family declared twice: " + line);
                continue;
            }
            if (line.startsWith("# HELP ")) {
                check(NAME.matcher(line.substring(7).split(" ", 2)[0]).matches(), n, line);
                continue;
            }
            check(!line.startsWith("#") || line.startsWith("# "), n, line);
            if (line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            check(NAME.matcher(name).matches(), n, "bad name: " + line);
            check(types.containsKey(family(name, types)), n, "sample before its # TYPE: " + line);
            TreeMap<String, String> labels = new TreeMap<>();
            String rest;
            if (brace >= 0 && brace < space) {
                int close = closingBrace(line, brace);
                check(close > 0, n, "unclosed labels: " + line);
                String body = line.substring(brace + 1, close);
                Matcher m = LABEL.matcher(body);
                int at = 0;
                while (at < body.length()) {
                    check(m.find(at) && m.start() == at, n, "bad label at " + at + ": " + line);
                    check(labels.put(m.group(1), m.group(2)) == null, n, "label repeated: " + line);
                    at = m.end();
                    if (at < body.length()) {
                        check(body.charAt(at) == ',', n, "labels not separated by ',': " + line);
                        at++;
                    }
                }
                rest = line.substring(close + 1);
            } else {
                rest = line.substring(space);
            }
            check(rest.startsWith(" "), n, "no space before the value: " + line);
            String[] value = rest.trim().split(" ");
            check(value.length == 1 || value.length == 2 && value[1].matches("-?\\d+"), n, "bad value/timestamp: " + line);
            double v = parseValue(value[0], n, line);
            StringBuilder key = new StringBuilder(name);
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, val) -> key.append(k).append("=\"").append(val).append("\","));
                key.setLength(key.length() - 1);
                key.append('}');
            }
            check(samples.put(key.toString(), v) == null, n, "series repeated: " + line);
        }
        check(!samples.isEmpty(), n, "no samples at all");
        return new PrometheusText(samples);
    }

    /** The value of one series, labels given as name, value pairs in any order; null when absent. */
    Double value(String name, String... labels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        StringBuilder key = new StringBuilder(name);
        if (!sorted.isEmpty()) {
            key.append('{');
            sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
            key.setLength(key.length() - 1);
            key.append('}');
        }
        return samples.get(key.toString());
    }

    /** {@link #value}, 0 when the series does not exist yet (a counter not yet incremented). */
    double count(String name, String... labels) {
        Double v = value(name, labels);
        return v == null ? 0 : v;
    }

    boolean hasFamilyStartingWith(String prefix) {
        return samples.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_max"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static int closingBrace(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static double parseValue(String s, int n, String line) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                check(s.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"), n, "bad value: " + line);
                return Double.parseDouble(s);
        }
    }

    private static void check(boolean ok, int line, String what) {
        if (!ok) {
            throw new AssertionError("not Prometheus text (line " + line + "): " + what);
        }
    }
}
