package dev.hinksbot.gateway.tools.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * IP literals, parsed without ever asking DNS. IPv4 is read the way C's {@code inet_aton} and browsers read it —
 * one to four parts, each decimal, octal ({@code 0177}) or hex ({@code 0x7f}) — because that is how
 * {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1} and {@code 127.1} reach 127.0.0.1 on some stack, and a
 * check that read them differently from the thing that connects would be no check.
 */
final class Literals {
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0[xX][0-9A-Fa-f]*|[0-9]+)");

    /** What an IPv4-looking host turned out to be. */
    sealed interface V4 {
    }

    /** The host is an IPv4 literal for this address. */
    record Address(InetAddress address) implements V4 {
    }

    /** The host looks numeric (its last label is a number) but is no valid address: refuse, never resolve it. */
    record Invalid() implements V4 {
    }

    /** The host is a name. */
    record NotNumeric() implements V4 {
    }

    private Literals() {
    }

    /** Reads {@code host} (no brackets, no trailing dot) the inet_aton way; WHATWG's rule decides what is numeric. */
    static V4 ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        String last = parts[parts.length - 1];
        if (!NUMERIC_LABEL.matcher(last).matches()) {
            return new NotNumeric();
        }
        if (parts.length > 4) {
            return new Invalid();
        }
        long[] n = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return new Invalid();
            }
            n[i] = v;
        }
        long value = 0;
        for (int i = 0; i < n.length - 1; i++) {
            if (n[i] > 255) {
                return new Invalid();
            }
            value = value << 8 | n[i];
        }
        int lastBits = 8 * (5 - n.length);
        if (n[n.length - 1] >= 1L << lastBits) {
            return new Invalid();
        }
        value = value << lastBits | n[n.length - 1];
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return new Address(byAddress(b));
    }

    private static Long number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        try {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.startsWith("0x")) {
                return p.length() == 2 ? 0L : parseCapped(p.substring(2), 16);
            }
            if (p.length() > 1 && p.startsWith("0")) {
                return parseCapped(p.substring(1), 8);
            }
            return parseCapped(p, 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseCapped(String digits, int radix) {
        if (digits.length() > 32) {
            throw new NumberFormatException("too long");
        }
        long v = Long.parseLong(digits, radix);
        if (v > 0xFFFFFFFFL) {
            throw new NumberFormatException("too large");
        }
        return v;
    }

    /** An IPv6 literal (brackets optional), or null; never DNS. */
    static InetAddress ipv6(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return null;
        }
        try {
            // bracketed, InetAddress insists on a literal and never resolves
            return InetAddress.getByName("[" + s + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 (any inet_aton form) or IPv6 literal, or null when {@code text} is not one. */
    static InetAddress parse(String text) {
        if (text.contains(":") || text.startsWith("[")) {
            return ipv6(text);
        }
        return ipv4(text) instanceof Address a ? a.address() : null;
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Dotted quad, or RFC 5952 text for IPv6 ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    static String format(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
