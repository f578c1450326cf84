package dev.hinksbot.gateway.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.net.WebAllow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebToolsTest {
    private static final String PAGE = """
            <!doctype html><html><head><title>Tiny Page</title>
            <style>body { color: red }</style><script>var secret = "SCRIPT";</script></head>
            <body><nav><a href="/">Home</a> | <a href="/x">NAVLINK</a></nav>
            <main><h1>Welcome</h1><p>First paragraph of the article.</p>
            <ul><li>alpha</li><li>beta</li></ul><p>Second   paragraph,
            spread over lines.</p></main>
            <footer>FOOTER TEXT</footer></body></html>""";

    @TempDir
    Path tmp;
    HttpServer server;
    String base;
    final AtomicReference<String> lastQuery = new AtomicReference<>();
    final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", ex -> reply(ex, 200, "text/html; charset=utf-8", PAGE));
        server.createContext("/plain", ex -> reply(ex, 200, "text/plain", "just text\nline two"));
        server.createContext("/image", ex -> reply(ex, 200, "image/png", "\u0089PNG"));
        server.createContext("/search", ex -> {
            lastQuery.set(URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            reply(ex, 200, "application/json", """
                    {"query":"q","results":[
                      {"title":"Camel docs","url":"https://camel.apache.org","content":"Integration   framework"},
                      {"title":"Second","url":"https://example.org/2","content":"more"},
                      {"title":"Third","url":"https://example.org/3","content":"even more"}]}""");
        });
        server.createContext("/to-loopback", ex -> {
            ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + ex.getLocalAddress().getPort() + "1/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            reply(ex, 404, "text/plain", "not here");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The test server stands in for a public site: web-allow lets its one host:port through. */
    private TestSupport tools(String searchUrl) {
        return tools(searchUrl, "127.0.0.1:" + server.getAddress().getPort());
    }

    private TestSupport tools(String searchUrl, String webAllow) {
        return new TestSupport(tmp, new BuiltinSettings(Duration.ofSeconds(10), 50_000, searchUrl, Duration.ofSeconds(5),
                WebAllow.parse(webAllow)), null);
    }

    @Test
    void extractsTitleAndMainTextFromHtml() throws Exception {
        ToolResult r = tools(null).call("web_extract", "{\"url\":\"" + base + "/page\"}");
        assertThat(r.success()).as(r.modelText()).isTrue();
        assertThat(r.output()).startsWith("Title: Tiny Page\nURL: " + base + "/page\n\n");
        assertThat(r.output()).contains("# Welcome", "First paragraph of the article.", "- alpha\n- beta",
                "Second paragraph, spread over lines.");
        assertThat(r.output()).doesNotContain("SCRIPT", "color: red", "NAVLINK", "FOOTER TEXT");
    }

    @Test
    void plainTextPassesThroughAndLimitsApply() throws Exception {
        TestSupport t = tools(null);
        assertThat(t.call("web_extract", "{\"url\":\"" + base + "/plain\"}").output()).endsWith("just text\nline two");
        ToolResult cut = t.call("web_extract", "{\"url\":\"" + base + "/page\",\"max_chars\":100}");
        assertThat(cut.output()).contains("[truncated: 100 of");
    }

    @Test
    void failuresAreToolErrors() throws Exception {
        TestSupport t = tools(null);
        ToolResult missing = t.call("web_extract", "{\"url\":\"" + base + "/nothing\"}");
        assertThat(missing.success()).isFalse();
        assertThat(missing.error()).contains("HTTP 404");
        assertThat(t.call("web_extract", "{\"url\":\"file:///etc/passwd\"}").error()).contains("http");
        assertThat(t.call("web_extract", "{\"url\":\"" + base + "/image\"}").error()).contains("unsupported content type 'image/png'");
        ToolResult dns = t.call("web_extract", "{\"url\":\"http://no-such-host.invalid/\"}");
        assertThat(dns.success()).isFalse();
        assertThat(dns.error()).contains("could not fetch").contains("unknown host 'no-such-host.invalid'");
    }

    @Test
    void withoutWebAllowTheLocalServerIsRefusedInEverySpellingAndNeverAsked() throws Exception {
        TestSupport t = tools(null, "");
        int port = server.getAddress().getPort();
        for (String url : java.util.List.of("http://127.0.0.1:" + port + "/page", "http://[::ffff:127.0.0.1]:" + port + "/page",
                "http://2130706433:" + port + "/page", "http://0x7f000001:" + port + "/page", "http://0177.0.0.1:" + port + "/",
                "http://127.1:" + port + "/", "http://localhost.:" + port + "/", "http://[::1]:" + port + "/",
                "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/")) {
            ToolResult r = t.call("web_extract", "{\"url\":" + TestSupport.q(url) + "}");
            assertThat(r.success()).as(url).isFalse();
            assertThat(r.error()).as(url).startsWith("refused: ").contains("gateway.tools.web-allow lists exceptions")
                    .doesNotContain("Welcome");
        }
        assertThat(requests.get()).isZero();
        assertThat(lastQuery.get()).isNull();
    }

    @Test
    void aRedirectFromAnAllowedPageToAnotherLocalPortIsRefused() throws Exception {
        ToolResult r = tools(null).call("web_extract", "{\"url\":\"" + base + "/to-loopback\"}");
        assertThat(r.success()).isFalse();
        assertThat(r.error()).startsWith("refused: 127.0.0.1 is a loopback address").contains("redirected to");
    }

    @Test
    void theSearchEndpointIsTrustedForWebSearchOnlyNotForWebExtract() throws Exception {
        TestSupport t = tools(base + "/search", "");
        ToolResult search = t.call("web_search", "{\"query\":\"camel\"}");
        assertThat(search.success()).as(search.modelText()).isTrue();
        ToolResult extract = t.call("web_extract", "{\"url\":\"" + base + "/page\"}");
        assertThat(extract.success()).isFalse();
        assertThat(extract.error()).startsWith("refused: 127.0.0.1 is a loopback address");
    }

    @Test
    void webSearchUnconfiguredSaysHowToConfigure() throws Exception {
        ToolResult r = tools(null).call("web_search", "{\"query\":\"camel\"}");
        assertThat(r.success()).isFalse();
        assertThat(r.error()).isEqualTo("web_search is not configured: set gateway.tools.web-search-url to a "
                + "SearXNG-compatible search endpoint");
    }

    @Test
    void webSearchFormatsResults() throws Exception {
        ToolResult r = tools(base + "/search").call("web_search", "{\"query\":\"apache camel & co\",\"max_results\":2}");
        assertThat(r.success()).as(r.modelText()).isTrue();
        assertThat(lastQuery.get()).isEqualTo("q=apache camel & co&format=json");
        assertThat(r.output()).isEqualTo("""
                1. Camel docs
                   https://camel.apache.org
                   Integration framework
                2. Second
                   https://example.org/2
                   more""");
    }
}
