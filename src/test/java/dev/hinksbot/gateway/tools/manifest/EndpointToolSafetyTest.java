package dev.hinksbot.gateway.tools.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.builtin.BuiltinSettings;
import dev.hinksbot.gateway.tools.net.AddressPolicy;
import dev.hinksbot.gateway.tools.net.HostResolver;
import dev.hinksbot.gateway.tools.net.WebAllow;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner writes an endpoint tool's URI; the model writes its arguments, which become the body and headers. Camel
 * components read {@code Camel*} headers as instructions (CamelHttpUri replaces the http target, CamelHttpPath and
 * CamelHttpQuery change it, CamelHttpMethod the verb), so arguments must never become one; and an http endpoint on
 * an internal address is refused like a web_extract URL, unless gateway.tools.web-allow lists it.
 */
class EndpointToolSafetyTest {
    @TempDir
    Path tmp;
    Path dir;
    TestSupport t;
    ManifestToolLoader loader;
    record Call(String uri, String body, Map<String, Object> headers) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();

    static final HostResolver DNS = host -> switch (host) {
        case "api.example.org" -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}));
        case "rebind.attacker.test" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
        default -> throw new java.net.UnknownHostException(host);
    };

    void start(String webAllow) {
        dir = tmp.resolve("tools");
        t = new TestSupport(tmp.resolve("ws"));
        EndpointInvoker recording = (uri, body, headers, timeout) -> {
            calls.add(new Call(uri, body, headers));
            return "ok";
        };
        EndpointInvoker guarded = new GuardedEndpointInvoker(recording, new AddressPolicy(WebAllow.parse(webAllow), DNS));
        loader = new ManifestToolLoader(dir, t.registry, t.workspace, BuiltinSettings.defaults(), guarded, t.commands);
    }

    @BeforeEach
    void setUp() throws Exception {
        start("");
        Files.createDirectories(dir);
    }

    @AfterEach
    void tearDown() {
        loader.close();
    }

    void tool(String name, String endpoint) throws Exception {
        Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                description: Look a key up
                parameters:
                  type: object
                  properties:
                    key: {type: string}
                endpoint: "%s"
                """.formatted(name, endpoint));
        assertThat(loader.loadAll()).isEmpty();
    }

    @Test
    void argumentsCanNeverBecomeCamelHeadersOrTheHostHeader() throws Exception {
        tool("lookup", "direct:lookup");
        ToolResult r = t.call("lookup", """
                {"key":"k1","CamelHttpUri":"http://169.254.169.254/latest/meta-data/","CamelHttpPath":"/admin",
                 "camelHttpQuery":"x=1","CAMELHTTPMETHOD":"DELETE","org.apache.camel.Foo":"x","CamelFileName":"/etc/passwd",
                 "Host":"internal","bad name":"x","Bad\\r\\nInjected":"x"}""");
        assertThat(r.success()).as(r.modelText()).isTrue();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).headers()).containsOnlyKeys("key");
        assertThat(calls.get(0).uri()).isEqualTo("direct:lookup");
        // the body still carries everything the model sent: it is data, not an instruction to Camel
        assertThat(calls.get(0).body()).contains("\"CamelHttpUri\"");
    }

    @Test
    void httpEndpointsOnInternalAddressesAreRefusedBeforeAnyCall() throws Exception {
        List<String> internal = List.of("http://127.0.0.1:9999/lookup", "http:127.0.0.1:9999/lookup",
                "https://[::ffff:127.0.0.1]/x", "vertx-http:http://10.0.0.1/x", "netty-http:http://2130706433:80/x",
                "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/",
                "http://rebind.attacker.test/x?bridgeEndpoint=true", "http://localhost:9999/");
        int i = 0;
        for (String endpoint : internal) {
            tool("t" + i, endpoint);
            ToolResult r = t.call("t" + i, "{\"key\":\"k\"}");
            assertThat(r.success()).as(endpoint).isFalse();
            assertThat(r.error()).as(endpoint).contains("refused: ").contains("gateway.tools.web-allow");
            i++;
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void publicHttpEndpointsAndOtherComponentsAreCalled() throws Exception {
        tool("pub", "https://api.example.org/lookup");
        tool("dir", "direct:lookup");
        assertThat(t.call("pub", "{\"key\":\"k\"}").success()).isTrue();
        assertThat(t.call("dir", "{\"key\":\"k\"}").success()).isTrue();
        assertThat(calls).extracting(Call::uri).containsExactly("https://api.example.org/lookup", "direct:lookup");
    }

    @Test
    void webAllowLetsTheOwnersLocalServiceThrough() throws Exception {
        loader.close();
        start("127.0.0.1:9999");
        tool("local", "http://127.0.0.1:9999/lookup");
        tool("other", "http://127.0.0.1:9998/lookup");
        assertThat(t.call("local", "{\"key\":\"k\"}").success()).isTrue();
        assertThat(t.call("other", "{\"key\":\"k\"}").error()).contains("refused: 127.0.0.1 is a loopback address");
        assertThat(calls).extracting(Call::uri).containsExactly("http://127.0.0.1:9999/lookup");
    }
}
