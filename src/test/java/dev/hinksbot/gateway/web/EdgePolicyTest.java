package dev.hinksbot.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdgePolicyTest {
    private final EdgePolicy loopback = EdgePolicy.of("127.0.0.1", List.of(), List.of());

    @Test
    void loopbackNamesAndTheBoundAddressAreTheGatewaysHosts() {
        for (String host : List.of("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "localhost.:8000", "[::1]:8000", "127.0.0.1")) {
            assertThat(loopback.refuseHost(host)).as(host).isEmpty();
        }
        assertThat(EdgePolicy.of("192.0.2.7", List.of(), List.of()).refuseHost("192.0.2.7:8000")).isEmpty();
    }

    @Test
    void aRebindingNameAMissingOrAMalformedHostIsRefused() {
        for (String host : List.of("attacker.example:8000", "attacker.example", "127.0.0.1.nip.io:8000", "", "  ",
                "127.0.0.1:8000@evil", "[::1", "localhost:99999", "local host", "127.0.0.2:8000")) {
            assertThat(loopback.refuseHost(host)).as(host).isPresent();
        }
        assertThat(loopback.refuseHost(null)).isPresent();
        // a wildcard bind does not make every name ours: the owner lists them
        assertThat(EdgePolicy.of("0.0.0.0", List.of(), List.of()).refuseHost("192.0.2.7:8000")).isPresent();
        assertThat(EdgePolicy.of("0.0.0.0", List.of("Gateway.Example.com"), List.of()).refuseHost("gateway.example.com")).isEmpty();
    }

    @Test
    void theGatewaysOwnPageIsSameOriginOnlyOnTheSameHostAndPort() {
        assertThat(loopback.refuseOrigin(null, "127.0.0.1:8000")).isEmpty();
        assertThat(loopback.refuseOrigin("http://127.0.0.1:8000", "127.0.0.1:8000")).isEmpty();
        assertThat(loopback.refuseOrigin("http://localhost:8000", "localhost:8000")).isEmpty();
        assertThat(loopback.refuseOrigin("http://[::1]:8000", "[::1]:8000")).isEmpty();
        // another local app, another port, another scheme's default port, the opaque "null" origin
        assertThat(loopback.refuseOrigin("http://127.0.0.1:3000", "127.0.0.1:8000")).isPresent();
        assertThat(loopback.refuseOrigin("http://localhost:8000", "127.0.0.1:8000")).isPresent();
        assertThat(loopback.refuseOrigin("https://127.0.0.1", "127.0.0.1:8000")).isPresent();
        assertThat(loopback.refuseOrigin("null", "127.0.0.1:8000")).isPresent();
        assertThat(loopback.refuseOrigin("http://evil.example", "127.0.0.1:8000")).get().asString().contains("origin_not_allowed".isEmpty() ? "" : "not allowed");
        assertThat(loopback.refuseOrigin("http://127.0.0.1:8000/path", "127.0.0.1:8000")).isPresent();
        // behind a TLS proxy that keeps Host: the default ports line up
        EdgePolicy proxied = EdgePolicy.of("127.0.0.1", List.of("gw.example.com"), List.of());
        assertThat(proxied.refuseOrigin("https://gw.example.com", "gw.example.com")).isEmpty();
    }

    @Test
    void listedOriginsAreAllowedAndAnsweredWithCors() {
        EdgePolicy listed = EdgePolicy.of("127.0.0.1", List.of(), List.of("https://Chat.Example.org/"));
        assertThat(listed.isListed("https://chat.example.org")).isTrue();
        assertThat(listed.refuseOrigin("https://chat.example.org", "127.0.0.1:8000")).isEmpty();
        assertThat(listed.refuseOrigin("https://chat.example.org.evil.test", "127.0.0.1:8000")).isPresent();
        assertThat(listed.isListed("http://127.0.0.1:8000")).isFalse();
    }

    @Test
    void refusalsNeverEchoControlCharacters() {
        assertThat(loopback.refuseOrigin("http://evil\r\nSet-Cookie: x", "127.0.0.1:8000")).get().asString()
                .doesNotContain("\r").doesNotContain("\n");
    }
}
