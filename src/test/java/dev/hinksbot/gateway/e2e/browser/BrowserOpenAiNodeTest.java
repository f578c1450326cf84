package dev.hinksbot.gateway.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.e2e.GatewayHarness;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openai-node (the real package from npm, pinned in src/test/node) in a page of another origin that the owner listed
 * in `gateway.api.cors-origins`: its preflights carry the whole `x-stainless-*` family, and chat, streaming and
 * models work from the browser with the API key. `.ci/run` installs the package (`npm ci --prefix src/test/node`).
 */
class BrowserOpenAiNodeTest {
    static final String KEY = "sk-browser-sdk";
    static final Path OPENAI = Path.of("src/test/node/node_modules/openai");
    static Chromium browser;
    static HttpServer page;
    static ScriptedLlamaServer llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.startIfInstalled();
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/")) {
                body = page(gateway.baseUrl()).getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (path.startsWith("/openai/") && !path.contains("..") && Files.isRegularFile(OPENAI.resolve(path.substring(8)))) {
                body = Files.readAllBytes(OPENAI.resolve(path.substring(8)));
                type = "text/javascript; charset=utf-8";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        page.start();
        llama = ScriptedLlamaServer.start();
        gateway = GatewayHarness.start(llama.baseUrl(), "gateway.api.key", KEY,
                "gateway.api.cors-origins", "http://127.0.0.1:" + page.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (llama != null) {
            llama.close();
        }
        if (page != null) {
            page.stop(0);
        }
    }

    @Test
    void openaiNodeInAPageOfAListedOriginChatsStreamsAndListsModels() throws Exception {
        Chromium.assumeInstalled();
        Assumptions.assumeTrue(Files.isRegularFile(OPENAI.resolve("index.mjs")),
                "skipped: openai-node is not installed (npm ci --prefix src/test/node; .ci/run does it)");
        llama.enqueue(Reply.text("Hello from the browser SDK."));
        llama.enqueue(Reply.text("Again."));
        llama.enqueue(Reply.text("Streamed to the page."));
        browser.driver().get("http://127.0.0.1:" + page.getAddress().getPort() + "/");
        browser.waitUntil("the SDK calls finished", Duration.ofSeconds(30), d -> d.getTitle().startsWith("done"));
        JsonNode report = Json.parse(browser.find("#report").getText());
        assertThat(report.path("error").isMissingNode() || report.path("error").isNull()).as(report.toString()).isTrue();
        assertThat(report.path("chat").asText()).isEqualTo("Hello from the browser SDK.");
        assertThat(report.path("stream").asText()).isEqualTo("Streamed to the page.");
        assertThat(report.path("models").asInt()).isPositive();
        assertThat(report.path("overhead").asText()).as("an exposed header the page can read").isNotEmpty();
        browser.assertNoConsoleErrors(java.util.regex.Pattern.compile("favicon.ico"));
    }

    private static String page(String gatewayUrl) {
        return """
                <!doctype html><html><head><title>loading</title>
                <script type="importmap">{"imports": {"openai": "/openai/index.mjs"}}</script>
                </head><body><pre id="report"></pre><script type="module">
                import OpenAI from 'openai';
                const report = {};
                try {
                  const client = new OpenAI({baseURL: '%s/v1', apiKey: '%s', dangerouslyAllowBrowser: true, maxRetries: 0});
                  const chat = await client.chat.completions.create({model: 'hinksbot', messages: [{role: 'user', content: 'hi'}]});
                  report.chat = chat.choices[0].message.content;
                  const { response } = await client.chat.completions.create({model: 'hinksbot', messages: [{role: 'user', content: 'again'}]}).withResponse();
                  report.overhead = response.headers.get('x-gateway-overhead-ms');
                  const stream = await client.chat.completions.create({model: 'hinksbot', stream: true, messages: [{role: 'user', content: 'stream'}]});
                  let text = '';
                  for await (const chunk of stream) { text += chunk.choices[0]?.delta?.content ?? ''; }
                  report.stream = text;
                  report.models = (await client.models.list()).data.length;
                } catch (e) {
                  report.error = String(e);
                }
                document.getElementById('report').textContent = JSON.stringify(report);
                document.title = 'done';
                </script></body></html>
                """.formatted(gatewayUrl, KEY);
    }
}
