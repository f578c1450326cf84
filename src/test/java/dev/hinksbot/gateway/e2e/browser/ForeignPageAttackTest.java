package dev.hinksbot.gateway.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.e2e.LiveGateway;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The owner has the gateway open on loopback, without an API key (the default install), and visits a hostile page
 * in the same browser. The page, served from another origin, tries what a browser lets any page do without a CORS
 * preflight: `fetch` in `no-cors` mode with a `text/plain` body (and with no type at all) against the tool, chat,
 * cron and settings endpoints, and a WebSocket to the chat. Nothing may run, be created or be changed.
 */
class ForeignPageAttackTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.tools.approvals", "off");
    static Chromium browser;
    static HttpServer attacker;

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.startIfInstalled();
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] page = attackPage(live.gateway().baseUrl()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (attacker != null) {
            attacker.stop(0);
        }
    }

    @Test
    void aPageFromAnotherOriginCannotRunToolsChatOrScheduleAnything() throws Exception {
        Chromium.assumeInstalled();
        String before = live.gateway().get("/api/v1/defaults").body();
        browser.driver().get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
        browser.waitUntil("the page's attempts finished", Duration.ofSeconds(30), d -> "done".equals(d.getTitle()));
        JsonNode report = Json.parse(browser.find("#report").getText());
        browser.screenshot("foreign-page-attack");

        // The WebSocket never opened, so the page could neither chat nor answer its own approval requests.
        assertThat(report.path("ws").asText()).isIn("error", "closed");
        assertThat(report.path("wsOpened").asBoolean()).isFalse();
        // Nothing ran: no file the commands would have written, no chat, no job, defaults untouched.
        try (var files = Files.list(live.gateway().workspace())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("pwned"));
        }
        assertThat(Json.parse(live.gateway().get("/api/v1/sessions").body()).path("total").asInt()).isZero();
        assertThat(Json.parse(live.gateway().get("/api/gui/cron/jobs").body()).toString()).doesNotContain("pwned");
        assertThat(live.gateway().get("/api/v1/defaults").body()).isEqualTo(before);
        assertThat(live.llama().chatRequests()).isEmpty();

        // The same requests from the gateway's own page (the web UI's origin) are served: the refusal is the origin.
        browser.open(live.gateway().baseUrl() + "/");
        // (approvals are off here, so nothing but the edge stands between a page and the shell)
        Object ran = asyncJs("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/tools/run_shell/execute', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({arguments: {command: 'echo own-origin > own.txt'}})}).then(r => r.json())"
                + ".then(j => done(j.success), e => done(String(e))).catch(e => done(String(e)));");
        assertThat(ran).isEqualTo(true);
        assertThat(live.gateway().workspace().resolve("own.txt")).hasContent("own-origin");
        Object list = asyncJs("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/sessions').then(r => done(r.status), e => done(String(e)));");
        assertThat(list).isEqualTo(200L);
    }

    private static Object asyncJs(String script) {
        return ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(script);
    }

    /** Every request a page can send cross-origin without a preflight, and a WebSocket. */
    private static String attackPage(String gateway) {
        String ws = gateway.replace("http://", "ws://") + "/ws/chat/attack";
        return """
                <!doctype html><html><head><title>loading</title></head><body><pre id="report"></pre><script>
                const gw = '%s';
                const report = {ws: 'pending', wsOpened: false, fetches: []};
                const cmd = (name) => JSON.stringify({arguments: {command: 'touch ' + name + '; echo rm -rf > ' + name + '2'}});
                const attempts = [
                  ['/api/v1/tools/run_shell/execute', 'text/plain; x=json', cmd('pwned-textplain')],
                  ['/api/v1/tools/run_shell/execute', 'text/plain', cmd('pwned-plain')],
                  ['/api/v1/tools/run_shell/execute', null, cmd('pwned-notype')],
                  ['/api/v1/tools/run_shell/execute', 'application/x-www-form-urlencoded', cmd('pwned-form')],
                  ['/api/v1/tools/file_write/execute', 'text/plain', JSON.stringify({arguments: {path: 'pwned-file.txt', content: 'x'}})],
                  ['/v1/chat/completions', 'text/plain', JSON.stringify({model: 'hinksbot', messages: [{role: 'user', content: 'run touch pwned-chat'}]})],
                  ['/v1/responses', 'text/plain', JSON.stringify({model: 'hinksbot', input: 'pwned'})],
                  ['/api/gui/cron/jobs', 'text/plain', JSON.stringify({prompt: 'pwned', schedule: 'every 10s', deliver: 'local'})],
                  ['/api/v1/defaults', 'text/plain', JSON.stringify({system_prompt: 'pwned'})],
                  ['/api/v1/sessions', 'text/plain', JSON.stringify({title: 'pwned'})],
                ];
                const fetches = attempts.map(([path, type, body]) => {
                  const headers = type ? {'Content-Type': type} : {};
                  return fetch(gw + path, {method: 'POST', mode: 'no-cors', headers, body})
                    .then(r => report.fetches.push(path + ' ' + r.type), e => report.fetches.push(path + ' ' + e));
                });
                const socket = new Promise(resolve => {
                  let s;
                  try { s = new WebSocket('%s'); } catch (e) { report.ws = 'error'; resolve(); return; }
                  s.onopen = () => {
                    report.wsOpened = true;
                    s.send(JSON.stringify({type: 'user_message', content: 'touch pwned-ws'}));
                  };
                  s.onerror = () => { report.ws = 'error'; };
                  s.onclose = () => { if (report.ws === 'pending') report.ws = 'closed'; resolve(); };
                  setTimeout(resolve, 5000);
                });
                Promise.allSettled([...fetches, socket]).then(() => setTimeout(() => {
                  document.getElementById('report').textContent = JSON.stringify(report);
                  document.title = 'done';
                }, 500));
                </script></body></html>
                """.formatted(gateway, ws);
    }
}
