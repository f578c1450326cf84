package dev.hinksbot.gateway.tools.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The hostile model picks every URL: each form here reaches (or names) an internal address on some stack, so each
 * must be refused before a connection is tried. DNS is a fake: no test here sends a packet anywhere.
 */
class AddressPolicyTest {
    /** A resolver that knows only what the test tells it, and records what it was asked. */
    static final class FakeResolver implements HostResolver {
        final Map<String, List<InetAddress>> names = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        FakeResolver with(String name, String... ips) {
            List<InetAddress> list = new ArrayList<>();
            for (String ip : ips) {
                list.add(literal(ip));
            }
            names.put(name, list);
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            List<InetAddress> found = names.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        }
    }

    static InetAddress literal(String ip) {
        try {
            return InetAddress.getByAddress(ip, InetAddress.getByName(ip).getAddress()); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    final FakeResolver dns = new FakeResolver()
            .with("example.org", "93.184.215.14")
            .with("dual.example.org", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
            .with("rebind.attacker.test", "127.0.0.1")
            .with("mixed.attacker.test", "93.184.215.14", "10.0.0.5")
            .with("v6private.attacker.test", "fd12:3456::1")
            .with("metadata.attacker.test", "169.254.169.254")
            .with("searx.lan", "192.168.1.20");

    AddressPolicy policy(String allow) {
        return new AddressPolicy(WebAllow.parse(allow), dns);
    }

    String refusal(String url) {
        return refusal(policy(""), url);
    }

    static String refusal(AddressPolicy p, String url) {
        try {
            p.check(URI.create(url));
        } catch (AddressPolicy.Refused e) {
            return e.getMessage();
        }
        throw new AssertionError(url + " was allowed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1/                    | 127.0.0.1 is a loopback address",
            "http://127.8.9.10:8000/x             | 127.8.9.10 is a loopback address",
            "http://[::1]/                        | ::1 is a loopback address",
            "http://[::ffff:127.0.0.1]:9/         | 127.0.0.1 is a loopback address",
            "http://[::ffff:7f00:1]/              | 127.0.0.1 is a loopback address",
            "http://[0:0:0:0:0:ffff:10.1.2.3]/    | 10.1.2.3 is a private address",
            "http://[::127.0.0.1]/                | an IPv4-compatible IPv6 address",
            "http://[64:ff9b::7f00:1]/            | embeds 127.0.0.1, a loopback address",
            "http://[64:ff9b::a00:1]/             | embeds 10.0.0.1, a private address",
            "http://[2002:7f00:1::]/              | embeds 127.0.0.1, a loopback address",
            "http://[2002:c0a8:101::1]/           | embeds 192.168.1.1, a private address",
            "http://[::ffff:0:7f00:1]/            | embeds 127.0.0.1, a loopback address",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/ | a Teredo tunnel address",
            "http://2130706433/                   | 127.0.0.1 is a loopback address",
            "http://0x7f000001/                   | 127.0.0.1 is a loopback address",
            "http://0X7F.1/                       | 127.0.0.1 is a loopback address",
            "http://0177.0.0.1/                   | 127.0.0.1 is a loopback address",
            "http://127.1/                        | 127.0.0.1 is a loopback address",
            "http://127.0.1/                      | 127.0.0.1 is a loopback address",
            "http://017700000001/                 | 127.0.0.1 is a loopback address",
            "http://0/                            | 0.0.0.0 is an unspecified address",
            "http://0.0.0.0:8000/                 | 0.0.0.0 is an unspecified address",
            "http://[::]/                         | :: is an unspecified address",
            "http://10.0.0.1/                     | 10.0.0.1 is a private address",
            "http://172.16.0.1/                   | 172.16.0.1 is a private address",
            "http://172.31.255.255/               | 172.31.255.255 is a private address",
            "http://192.168.0.1/                  | 192.168.0.1 is a private address",
            "http://[fc00::1]/                    | fc00::1 is a private (unique local) address",
            "http://[fd12:3456::1]/               | fd12:3456::1 is a private (unique local) address",
            "http://169.254.1.1/                  | 169.254.1.1 is a link-local address",
            "http://[fe80::1]/                    | fe80::1 is a link-local address",
            "http://169.254.169.254/latest/meta-data/ | 169.254.169.254 is a cloud metadata address",
            "http://[fd00:ec2::254]/              | fd00:ec2::254 is a cloud metadata address",
            "http://100.64.0.1/                   | 100.64.0.1 is a shared (carrier-grade NAT) address",
            "http://100.127.255.254/              | 100.127.255.254 is a shared (carrier-grade NAT) address",
            "http://224.0.0.1/                    | 224.0.0.1 is a multicast address",
            "http://[ff02::1]/                    | ff02::1 is a multicast address",
            "http://255.255.255.255/              | 255.255.255.255 is a broadcast address",
            "http://240.0.0.1/                    | 240.0.0.1 is a reserved address",
            "http://198.18.0.1/                   | 198.18.0.1 is a benchmarking address",
            "http://192.0.2.1/                    | 192.0.2.1 is a documentation address",
            "http://[2001:db8::1]/                | 2001:db8::1 is a documentation address",
            "http://localhost/                    | localhost names this machine",
            "http://LOCALHOST.:8000/              | localhost names this machine",
            "http://api.localhost/                | localhost names this machine",
            "http://metadata.google.internal/     | metadata.google.internal is a cloud metadata host",
            "http://metadata.google.internal./    | metadata.google.internal is a cloud metadata host",
            "http://rebind.attacker.test/         | rebind.attacker.test resolves to 127.0.0.1, a loopback address",
            "http://rebind.attacker.test./        | rebind.attacker.test resolves to 127.0.0.1, a loopback address",
            "http://mixed.attacker.test/          | mixed.attacker.test resolves to 10.0.0.5, a private address",
            "http://v6private.attacker.test/      | resolves to fd12:3456::1, a private (unique local) address",
            "http://metadata.attacker.test/       | resolves to 169.254.169.254, a cloud metadata address",
    })
    void internalAddressesAreRefusedInEveryForm(String url, String reason) {
        String message = refusal(url.strip());
        assertThat(message).startsWith("refused: ").contains(reason.strip())
                .endsWith("the gateway does not fetch internal addresses (gateway.tools.web-allow lists exceptions)");
    }

    @Test
    void literalsAndReservedNamesNeverReachTheResolver() {
        for (String url : List.of("http://127.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/",
                "http://[::ffff:127.0.0.1]/", "http://localhost./", "http://metadata.google.internal/")) {
            refusal(url);
        }
        assertThat(dns.asked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.org/", "gopher://127.0.0.1:6379/_INFO",
            "jar:http://example.org/x.jar!/", "dict://127.0.0.1:11211/", "http:///nohost", "//example.org/"})
    void onlyHttpAndHttpsWithAHost(String url) {
        assertThat(refusal(url)).contains("only absolute http:// and https:// URLs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://999.0.0.1/", "http://1.2.3.4.5/", "http://08.0.0.1/", "http://0x1g.0.0.1/",
            "http://4294967296/", "http://example.123/"})
    void malformedNumericHostsAreRefusedNotResolved(String url) {
        assertThat(refusal(url)).contains("is not a valid IPv4 address");
        assertThat(dns.asked).isEmpty();
    }

    @Test
    void publicAddressesAreAllowedAndTheCheckedAddressesAreReturned() throws Exception {
        AddressPolicy.Target t = policy("").check(URI.create("https://dual.example.org/path?q=1"));
        assertThat(t.host()).isEqualTo("dual.example.org");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.https()).isTrue();
        assertThat(t.addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
        assertThat(policy("").check(URI.create("http://93.184.215.14:8080/")).port()).isEqualTo(8080);
        // a public IPv4 behind NAT64 or 6to4 is an ordinary public address
        assertThat(policy("").check(URI.create("http://[64:ff9b::5db8:d70e]/")).addresses()).hasSize(1);
        assertThat(policy("").check(URI.create("http://[2002:5db8:d70e::1]/")).addresses()).hasSize(1);
    }

    @Test
    void unknownHostsAreToolErrorsToo() {
        assertThat(refusal("http://no-such-host.invalid/")).isEqualTo("unknown host 'no-such-host.invalid'");
    }

    @Test
    void webAllowLetsOneHostAndPortThroughAndNothingElse() throws Exception {
        AddressPolicy p = policy("127.0.0.1:8888, searx.lan, 10.1.0.0/16, [::1]:9000");
        assertThat(p.check(URI.create("http://127.0.0.1:8888/search")).addresses())
                .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(refusal(p, "http://127.0.0.1:8889/")).contains("127.0.0.1 is a loopback address");
        assertThat(refusal(p, "http://127.0.0.1/")).contains("127.0.0.1 is a loopback address");
        // the same address spelled another way is the same destination the owner allowed
        assertThat(p.check(URI.create("http://2130706433:8888/")).addresses()).hasSize(1);
        assertThat(p.check(URI.create("http://searx.lan/")).addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("192.168.1.20");
        assertThat(p.check(URI.create("https://searx.lan:8443/")).port()).isEqualTo(8443);
        assertThat(p.check(URI.create("http://10.1.200.3/")).addresses()).hasSize(1);
        assertThat(refusal(p, "http://10.2.0.1/")).contains("10.2.0.1 is a private address");
        assertThat(p.check(URI.create("http://[::1]:9000/")).addresses()).hasSize(1);
        assertThat(refusal(p, "http://[::1]:9001/")).contains("::1 is a loopback address");
        // an address entry is about the destination: a name resolving there reaches only what the owner allowed,
        // and the same name on another port stays refused
        assertThat(p.check(URI.create("http://rebind.attacker.test:8888/")).addresses()).hasSize(1);
        assertThat(refusal(p, "http://rebind.attacker.test:8889/")).contains("resolves to 127.0.0.1");
    }

    @Test
    void webAllowEntriesAreValidated() {
        assertThat(WebAllow.parse("").entries()).isEmpty();
        assertThat(WebAllow.parse(" a.example , 127.0.0.1:8888,10.0.0.0/8,[::1]:80,[fd00::]/8 ").entries()).hasSize(5);
        for (String bad : List.of("http://x/", "host:0", "host:99999", "10.0.0.0/33", "a b", "[::1", "host:port")) {
            assertThatThrownBy(() -> WebAllow.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.strip());
        }
    }

    @Test
    void withAllowedAddsOneTrustedHostPort() throws Exception {
        AddressPolicy p = policy("").withAllowed("127.0.0.1:8888");
        assertThat(p.check(URI.create("http://127.0.0.1:8888/")).addresses()).hasSize(1);
        assertThat(refusal(p, "http://127.0.0.1:8080/")).contains("loopback");
    }
}
