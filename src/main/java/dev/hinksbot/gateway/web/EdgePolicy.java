package dev.hinksbot.gateway.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may talk to the gateway at all, decided from the request line before any route runs. A request must name
 * one of the gateway's own hosts in {@code Host} (a DNS-rebinding page arrives with its own name there), and a
 * request that carries {@code Origin} must come from the page the gateway itself serves — the same host and port as
 * the request — or from an origin the owner listed in {@code gateway.api.cors-origins}. Browsers attach
 * {@code Origin} to every cross-origin POST (also in {@code no-cors} mode) and to every WebSocket upgrade, so a
 * foreign page cannot reach a handler whatever media type it claims.
 *
 * @param hostNames    lower-case host names and addresses (IPv6 without brackets) that {@code Host} may name
 * @param corsOrigins  origins allowed besides the gateway's own, compared case-insensitively without a trailing slash
 */
public record EdgePolicy(Set<String> hostNames, Set<String> corsOrigins) {
    /** Names every loopback listener answers to. */
    static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    public EdgePolicy {
        hostNames = Set.copyOf(hostNames.stream().map(EdgePolicy::normalizeHost).toList());
        corsOrigins = Set.copyOf(corsOrigins.stream().map(EdgePolicy::normalizeOrigin).toList());
    }

    /**
     * The loopback names, the bound address when it is a specific one, and {@code allowedHosts}; a wildcard bind
     * adds nothing by itself: the owner names the hosts clients use (a key is required off loopback anyway).
     */
    public static EdgePolicy of(String bindHost, List<String> allowedHosts, List<String> corsOrigins) {
        Set<String> names = new TreeSet<>(LOOPBACK_NAMES);
        if (bindHost != null && !bindHost.isBlank() && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            names.add(bindHost);
        }
        names.addAll(allowedHosts);
        return new EdgePolicy(names, Set.copyOf(corsOrigins));
    }

    /** Why {@code hostHeader} is refused, or empty when it names the gateway. */
    public Optional<String> refuseHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return Optional.of("the request has no Host header");
        }
        Optional<HostPort> parsed = HostPort.parse(hostHeader);
        if (parsed.isEmpty()) {
            return Optional.of("the Host header is malformed");
        }
        if (!hostNames.contains(parsed.get().host())) {
            return Optional.of("'" + parsed.get().host() + "' is not a name of this gateway (gateway.api.allowed-hosts)");
        }
        return Optional.empty();
    }

    /**
     * Why {@code origin} is refused for a request to {@code hostHeader} (already accepted), or empty when the
     * request carries no origin, comes from the gateway's own page, or from a listed origin.
     */
    public Optional<String> refuseOrigin(String origin, String hostHeader) {
        if (origin == null) {
            return Optional.empty();
        }
        if (isListed(origin) || isSameOrigin(origin, hostHeader)) {
            return Optional.empty();
        }
        return Optional.of("requests from origin '" + JsonMediaType.printable(origin) + "' are not allowed (gateway.api.cors-origins)");
    }

    /** The origin is one the owner listed (CORS answers for it); the gateway's own page needs no CORS. */
    public boolean isListed(String origin) {
        return origin != null && (corsOrigins.contains("*") || corsOrigins.contains(normalizeOrigin(origin)));
    }

    /** The page was served by the host and port the request goes to ("null" and opaque origins never are). */
    public boolean isSameOrigin(String origin, String hostHeader) {
        Optional<HostPort> target = HostPort.parse(hostHeader == null ? "" : hostHeader);
        if (origin == null || target.isEmpty()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (Exception e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawUserInfo() != null) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int targetPort = target.get().port() < 0 ? defaultPort : target.get().port();
        return normalizeHost(uri.getHost()).equals(target.get().host()) && originPort == targetPort;
    }

    static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        // "localhost." is the same name as "localhost" to a resolver
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** A Host header: a name, an IPv4 address or a bracketed IPv6 address, and an optional port. */
    record HostPort(String host, int port) {
        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");
        private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");
        private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("[0-9]{1,5}");

        static Optional<HostPort> parse(String value) {
            String v = value.trim();
            String host;
            String port = null;
            if (v.startsWith("[")) {
                int end = v.indexOf(']');
                if (end < 0) {
                    return Optional.empty();
                }
                host = v.substring(1, end);
                if (!IPV6.matcher(host).matches()) {
                    return Optional.empty();
                }
                String rest = v.substring(end + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return Optional.empty();
                    }
                    port = rest.substring(1);
                }
            } else {
                int colon = v.indexOf(':');
                host = colon < 0 ? v : v.substring(0, colon);
                port = colon < 0 ? null : v.substring(colon + 1);
                if (!NAME.matcher(host).matches()) {
                    return Optional.empty();
                }
            }
            int p = -1;
            if (port != null) {
                if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                    return Optional.empty();
                }
                p = Integer.parseInt(port);
            }
            return Optional.of(new HostPort(normalizeHost(host), p));
        }
    }
}
