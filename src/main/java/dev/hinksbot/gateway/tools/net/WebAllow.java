package dev.hinksbot.gateway.tools.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code gateway.tools.web-allow}: the owner's exceptions to the internal-address rule. Entries are comma-separated:
 * a host name ({@code searx.lan}), a name or literal with a port ({@code 127.0.0.1:8888}, {@code [::1]:8888}), or a
 * range ({@code 10.1.0.0/16}). A name entry matches that name as written in the URL (its addresses are then
 * trusted); an address or range entry matches the address the URL's host is or resolves to. Without a port an
 * entry allows every port.
 */
public record WebAllow(List<Entry> entries) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*");
    public static final String KEY = "gateway.tools.web-allow";

    /** One exception; {@code port} is -1 for any port. */
    public sealed interface Entry {
        int port();
    }

    record Name(String name, int port) implements Entry {
    }

    record Range(Cidr range, int port) implements Entry {
    }

    public WebAllow {
        entries = List.copyOf(entries);
    }

    public static WebAllow none() {
        return new WebAllow(List.of());
    }

    /** Parses the config value; an entry that is none of the forms above is an {@link IllegalArgumentException}. */
    public static WebAllow parse(String csv) {
        List<Entry> out = new ArrayList<>();
        if (csv == null) {
            return none();
        }
        for (String raw : csv.split(",")) {
            String item = raw.strip();
            if (!item.isEmpty()) {
                try {
                    out.add(entry(item));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + item + "' is not a host, host:port or address range ("
                            + e.getMessage() + "); e.g. 127.0.0.1:8888, searx.lan, 10.1.0.0/16");
                }
            }
        }
        return new WebAllow(out);
    }

    private static Entry entry(String item) {
        String s = item.toLowerCase(Locale.ROOT);
        if (s.contains("/")) {
            return new Range(Cidr.parse(s.replace("[", "").replace("]", "")), -1);
        }
        String host = s;
        int port = -1;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '['");
            }
            host = s.substring(0, close + 1);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected '" + rest + "'");
                }
                port = port(rest.substring(1));
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1));
        }
        InetAddress literal = Literals.parse(host);
        if (literal != null) {
            return new Range(new Cidr(literal.getAddress(), literal.getAddress().length * 8), port);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        return new Name(name, port);
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + text + " is out of range");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port");
        }
    }

    /** Whether the URL host name (lower case, without a trailing dot) is listed for this port. */
    boolean allowsName(String name, int port) {
        return entries.stream().anyMatch(e -> e instanceof Name n && n.name().equals(name) && (n.port() < 0 || n.port() == port));
    }

    /** Whether the address (what the URL's host is or resolved to) is listed for this port. */
    boolean allowsAddress(InetAddress address, int port) {
        return entries.stream().anyMatch(e -> e instanceof Range r && r.range().contains(address) && (r.port() < 0 || r.port() == port));
    }

    /** This list plus one more entry (e.g. the owner's web-search-url host). */
    public WebAllow plus(String entry) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry(entry));
        return new WebAllow(more);
    }
}
