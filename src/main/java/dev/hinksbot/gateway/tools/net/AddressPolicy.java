package dev.hinksbot.gateway.tools.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which URLs the network tools may fetch: http and https only, and only when the host — as a literal in any of its
 * spellings, or every address its name resolves to — is a public address, unless {@link WebAllow} lists it. The
 * model chooses the URLs and is assumed hostile, so loopback, private, link-local, shared (CGNAT), multicast,
 * broadcast, unspecified, reserved, documentation and cloud-metadata addresses are refused, including IPv6 forms
 * that carry such an IPv4 address inside (mapped, compatible, NAT64, 6to4, Teredo). The {@link Target} holds the
 * addresses that were checked: callers connect to those, never to a fresh lookup.
 */
public final class AddressPolicy {
    static final String SUFFIX = "; the gateway does not fetch internal addresses (" + WebAllow.KEY + " lists exceptions)";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog",
            "metadata.azure.internal", "instance-data", "instance-data.ec2.internal");

    /** Ranges refused, most specific first: the first match names the reason. */
    private static final List<Rule> V4_RULES = List.of(
            rule("0.0.0.0/32", "an unspecified address"),
            rule("169.254.169.254/32", "a cloud metadata address"),
            rule("100.100.100.200/32", "a cloud metadata address"),
            rule("255.255.255.255/32", "a broadcast address"),
            rule("0.0.0.0/8", "a 'this network' address"),
            rule("10.0.0.0/8", "a private address"),
            rule("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            rule("127.0.0.0/8", "a loopback address"),
            rule("169.254.0.0/16", "a link-local address"),
            rule("172.16.0.0/12", "a private address"),
            rule("192.0.0.0/24", "a reserved (IETF protocol) address"),
            rule("192.0.2.0/24", "a documentation address"),
            rule("192.88.99.0/24", "a reserved (6to4 relay) address"),
            rule("192.168.0.0/16", "a private address"),
            rule("198.18.0.0/15", "a benchmarking address"),
            rule("198.51.100.0/24", "a documentation address"),
            rule("203.0.113.0/24", "a documentation address"),
            rule("224.0.0.0/4", "a multicast address"),
            rule("240.0.0.0/4", "a reserved address"));
    private static final List<Rule> V6_RULES = List.of(
            rule("::/128", "an unspecified address"),
            rule("::1/128", "a loopback address"),
            rule("fd00:ec2::254/128", "a cloud metadata address"),
            rule("64:ff9b:1::/48", "a local-use NAT64 address"),
            rule("100::/64", "a discard-only address"),
            rule("2001::/32", "a Teredo tunnel address"),
            rule("2001:2::/48", "a benchmarking address"),
            rule("2001:10::/28", "a reserved (ORCHID) address"),
            rule("2001:db8::/32", "a documentation address"),
            rule("3fff::/20", "a documentation address"),
            rule("fc00::/7", "a private (unique local) address"),
            rule("fe80::/10", "a link-local address"),
            rule("fec0::/10", "a site-local address"),
            rule("ff00::/8", "a multicast address"));
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr COMPATIBLE = Cidr.parse("::/96");

    private record Rule(Cidr range, String label) {
    }

    /** Why an address is refused: {@code embedded} is the IPv4 address an IPv6 form carries, when that is the reason. */
    record Finding(InetAddress address, InetAddress embedded, String label) {
        String literal() {
            return Literals.format(address) + (embedded == null ? " is " : " embeds " + Literals.format(embedded) + ", ") + label;
        }

        String resolved(String host) {
            return host + " resolves to " + Literals.format(address)
                    + (embedded == null ? ", " : ", which embeds " + Literals.format(embedded) + ", ") + label;
        }
    }

    /**
     * A checked destination. {@code host} is the URL's host for the Host header and TLS (SNI and certificate), without
     * brackets or a trailing dot; {@code addresses} are the checked addresses to connect to.
     */
    public record Target(String host, int port, boolean https, List<InetAddress> addresses) {
        public Target {
            addresses = List.copyOf(addresses);
        }
    }

    /** A URL the policy will not fetch; the message is written for the model and says why. */
    public static class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** The name has no addresses: not a policy matter, but nothing to connect to either. */
    public static final class UnknownHost extends Refused {
        private static final long serialVersionUID = 1L;

        UnknownHost(String host) {
            super("unknown host '" + host + "'");
        }
    }

    private final WebAllow allow;
    private final HostResolver resolver;

    public AddressPolicy(WebAllow allow, HostResolver resolver) {
        this.allow = allow;
        this.resolver = resolver;
    }

    public WebAllow allow() {
        return allow;
    }

    /** The same rules with one more exception, such as the owner's own search endpoint ({@code host:port}). */
    public AddressPolicy withAllowed(String entry) {
        return new AddressPolicy(allow.plus(entry), resolver);
    }

    /** Checks {@code uri}: scheme, host form, and every address; resolves a name once. */
    public Target check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        HostPort hp = scheme.equals("http") || scheme.equals("https") ? hostPort(uri) : null;
        if (hp == null || hp.host().isEmpty()) {
            throw new Refused("only absolute http:// and https:// URLs can be fetched, got '" + uri + "'");
        }
        boolean https = scheme.equals("https");
        int port = hp.port() >= 0 ? hp.port() : https ? 443 : 80;
        String host = hp.host().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            InetAddress literal = Literals.ipv6(host);
            if (literal == null) {
                throw new Refused("invalid URL host '" + hp.host() + "'");
            }
            return literal(host.substring(1, host.length() - 1), literal, port, https);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        Literals.V4 v4 = Literals.ipv4(name);
        if (v4 instanceof Literals.Address a) {
            return literal(name, a.address(), port, https);
        }
        if (v4 instanceof Literals.Invalid) {
            throw new Refused("invalid URL host '" + hp.host() + "': it is not a valid IPv4 address, and it is not"
                    + " looked up as a name");
        }
        if (!HOST_NAME.matcher(name).matches()) {
            throw new Refused("invalid URL host '" + hp.host() + "'");
        }
        if (allow.allowsName(name, port)) {
            return new Target(name, port, https, resolve(name));
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            throw new Refused("refused: " + name + " names this machine" + SUFFIX);
        }
        if (METADATA_NAMES.contains(name)) {
            throw new Refused("refused: " + name + " is a cloud metadata host" + SUFFIX);
        }
        List<InetAddress> addresses = resolve(name);
        for (InetAddress a : addresses) {
            if (!allow.allowsAddress(a, port)) {
                Optional<Finding> f = classify(a);
                if (f.isPresent()) {
                    throw new Refused("refused: " + f.get().resolved(name) + SUFFIX);
                }
            }
        }
        return new Target(name, port, https, addresses);
    }

    private record HostPort(String host, int port) {
    }

    /**
     * Host and port of an http(s) URI. {@link URI} leaves the host null for authorities that are no RFC 2396 host
     * name ({@code 127.1}, {@code 0x7f.1}, {@code my_host}); those are read here by hand rather than waved through.
     */
    private static HostPort hostPort(URI uri) throws Refused {
        if (uri.isOpaque()) {
            return null;
        }
        if (uri.getHost() != null) {
            return new HostPort(uri.getHost(), uri.getPort());
        }
        String auth = uri.getRawAuthority();
        if (auth == null) {
            return null;
        }
        auth = auth.substring(auth.lastIndexOf('@') + 1);
        int close = auth.lastIndexOf(']');
        int colon = auth.lastIndexOf(':');
        if (colon < 0 || colon < close) {
            return new HostPort(auth, -1);
        }
        String port = auth.substring(colon + 1);
        try {
            int p = port.isEmpty() ? -1 : Integer.parseInt(port);
            if (p > 65535 || p == 0) {
                throw new NumberFormatException();
            }
            return new HostPort(auth.substring(0, colon), p);
        } catch (NumberFormatException e) {
            throw new Refused("invalid port '" + port + "' in '" + uri + "'");
        }
    }

    private Target literal(String host, InetAddress address, int port, boolean https) throws Refused {
        if (!allow.allowsAddress(address, port)) {
            Optional<Finding> f = classify(address);
            if (f.isPresent()) {
                throw new Refused("refused: " + f.get().literal() + SUFFIX);
            }
        }
        return new Target(host, port, https, List.of(address));
    }

    private List<InetAddress> resolve(String name) throws Refused {
        List<InetAddress> found;
        try {
            found = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new UnknownHost(name);
        }
        if (found == null || found.isEmpty()) {
            throw new UnknownHost(name);
        }
        return new ArrayList<>(found);
    }

    /** Why {@code a} is not a public address, or empty when it is one. */
    static Optional<Finding> classify(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return match(V4_RULES, b).map(label -> new Finding(a, null, label));
        }
        if (!(a instanceof Inet6Address)) {
            return Optional.of(new Finding(a, null, "an unknown kind of address"));
        }
        if (isMapped(b)) {
            // ::ffff:a.b.c.d is an IPv4 address however it is spelled
            InetAddress v4 = v4(b, 12);
            return classify(v4);
        }
        Optional<String> direct = match(V6_RULES, b);
        if (direct.isPresent()) {
            return direct.map(label -> new Finding(a, null, label));
        }
        if (COMPATIBLE.contains(b)) {
            return Optional.of(new Finding(a, null, "an IPv4-compatible IPv6 address (deprecated)"));
        }
        for (Embedding e : List.of(new Embedding(NAT64, 12), new Embedding(TRANSLATED, 12), new Embedding(SIX_TO_FOUR, 2))) {
            if (e.range().contains(b)) {
                InetAddress inner = v4(b, e.offset());
                return classify(inner).map(f -> new Finding(a, inner, f.label()));
            }
        }
        return Optional.empty();
    }

    private record Embedding(Cidr range, int offset) {
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static InetAddress v4(byte[] b, int offset) {
        return Literals.byAddress(new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
    }

    private static Optional<String> match(List<Rule> rules, byte[] b) {
        return rules.stream().filter(r -> r.range().contains(b)).map(Rule::label).findFirst();
    }

    private static Rule rule(String cidr, String label) {
        return new Rule(Cidr.parse(cidr), label);
    }
}
