package dev.hinksbot.gateway.tools.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hinksbot.gateway.common.CancelSignal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redirects are where SSRF checks are usually forgotten: a page on an allowed host answers 302 to an internal one.
 * Two servers on 127.0.0.1: the "outside" one (allowed through web-allow by its host:port, standing in for a public
 * site) and the "inside" one, which must never see a request.
 */
class GuardedFetcherTest {
    HttpServer outside;
    HttpServer inside;
    int outsidePort;
    int insidePort;
    final List<String> insideRequests = new CopyOnWriteArrayList<>();
    final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        inside = server();
        inside.createContext("/", ex -> {
            insideRequests.add(ex.getRequestURI().toString());
            reply(ex, 200, "text/plain", "INSIDE SECRET");
        });
        inside.start();
        insidePort = inside.getAddress().getPort();
        outside = server();
        outside.createContext("/to-inside", ex -> redirect(ex, "http://127.0.0.1:" + insidePort + "/admin"));
        outside.createContext("/to-inside-mapped", ex -> redirect(ex, "http://[::ffff:127.0.0.1]:" + insidePort + "/admin"));
        outside.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        outside.createContext("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
        outside.createContext("/relative", ex -> redirect(ex, "/page?from=relative"));
        outside.createContext("/loop", ex -> redirect(ex, "/loop"));
        outside.createContext("/page", ex -> {
            hostHeaders.add(ex.getRequestHeaders().getFirst("Host"));
            reply(ex, 200, "text/plain; charset=utf-8", "outside page " + ex.getRequestURI().getRawQuery());
        });
        outside.createContext("/big", ex -> reply(ex, 200, "text/plain", "x".repeat(5000)));
        outside.createContext("/stall", ex -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException ignored) {
                // the test is over
            }
            reply(ex, 200, "text/plain", "late");
        });
        outside.start();
        outsidePort = outside.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        outside.stop(0);
        inside.stop(0);
    }

    static HttpServer server() throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    GuardedFetcher fetcher(String allow, HostResolver dns, Duration timeout, int cap) {
        return new GuardedFetcher(new AddressPolicy(WebAllow.parse(allow), dns), timeout, cap);
    }

    GuardedFetcher fetcher() {
        return fetcher("127.0.0.1:" + outsidePort, host -> {
            throw new java.net.UnknownHostException(host);
        }, Duration.ofSeconds(5), 1 << 20);
    }

    String outside(String path) {
        return "http://127.0.0.1:" + outsidePort + path;
    }

    @Test
    void aRedirectToAnotherLoopbackPortIsRefusedBeforeConnecting() {
        for (String path : List.of("/to-inside", "/to-inside-mapped")) {
            assertThatThrownBy(() -> fetcher().get(URI.create(outside(path)), "*/*", new CancelSignal()))
                    .isInstanceOf(FetchException.class)
                    .hasMessageStartingWith("refused: 127.0.0.1 is a loopback address")
                    .hasMessageContaining("gateway.tools.web-allow lists exceptions")
                    .hasMessageContaining("redirected to http://")
                    .hasMessageContaining(":" + insidePort + "/admin from " + outside(path));
        }
        assertThat(insideRequests).isEmpty();
    }

    @Test
    void redirectsToMetadataAndOtherSchemesAreRefused() {
        assertThatThrownBy(() -> fetcher().get(URI.create(outside("/to-metadata")), "*/*", new CancelSignal()))
                .hasMessageStartingWith("refused: 169.254.169.254 is a cloud metadata address");
        assertThatThrownBy(() -> fetcher().get(URI.create(outside("/to-file")), "*/*", new CancelSignal()))
                .hasMessageContaining("only absolute http:// and https:// URLs");
    }

    @Test
    void redirectsWithinTheAllowedHostAreFollowedAndBounded() throws Exception {
        GuardedFetcher.Response r = fetcher().get(URI.create(outside("/relative")), "*/*", new CancelSignal());
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("outside page from=relative");
        assertThat(r.uri().toString()).isEqualTo(outside("/page?from=relative"));
        assertThatThrownBy(() -> fetcher().get(URI.create(outside("/loop")), "*/*", new CancelSignal()))
                .hasMessageContaining("too many redirects (more than 5)");
    }

    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding name: the first answer is the one checked; a second lookup would get an unusable address
        HostResolver rebinding = host -> List.of(lookups.getAndIncrement() == 0
                ? InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})
                : InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 1}));
        GuardedFetcher f = fetcher("allowed.test:" + outsidePort, rebinding, Duration.ofSeconds(5), 1 << 20);
        GuardedFetcher.Response r = f.get(URI.create("http://allowed.test:" + outsidePort + "/page?x=1"), "*/*",
                new CancelSignal());
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("outside page x=1");
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(hostHeaders).containsExactly("allowed.test:" + outsidePort);
    }

    @Test
    void theInternalNameIsRefusedWithoutAnyConnection() {
        HostResolver dns = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        assertThatThrownBy(() -> fetcher("", dns, Duration.ofSeconds(5), 1000)
                .get(URI.create("http://evil.test:" + insidePort + "/"), "*/*", new CancelSignal()))
                .hasMessageStartingWith("refused: evil.test resolves to 127.0.0.1, a loopback address");
        assertThat(insideRequests).isEmpty();
    }

    @Test
    void bodiesAreCappedAndSlowServersTimeOut() throws Exception {
        GuardedFetcher f = fetcher("127.0.0.1:" + outsidePort, host -> List.of(), Duration.ofMillis(700), 1000);
        GuardedFetcher.Response big = f.get(URI.create(outside("/big")), "*/*", new CancelSignal());
        assertThat(big.body()).hasSize(1000);
        assertThat(big.truncated()).isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> f.get(URI.create(outside("/stall")), "*/*", new CancelSignal()))
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aCancelEndsAFetchAtOnce() throws Exception {
        CancelSignal cancel = new CancelSignal();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            cancel.cancel();
        });
        canceller.start();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> fetcher().get(URI.create(outside("/stall")), "*/*", cancel)).hasMessage("cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
}
