package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cron jobs end to end against the real gateway, a scripted llama-server and a fake Telegram Bot API: on-time
 * ticking without doubles, delivery acknowledged (or failed) per target in the run history, /cron from a chat, the
 * cronjob tool from a chat, and cron output staying out of the chat's own session.
 */
class CronTelegramTest {
    static final String TOKEN = "55555:CRON-token";
    static final Duration WAIT = Duration.ofSeconds(20);
    static FakeTelegram telegram;
    static ScriptedLlamaServer llama;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        telegram = FakeTelegram.start(TOKEN);
        llama = ScriptedLlamaServer.start();
        llama.setDefaultReply(Reply.text("cron report: all good"));
        gateway = GatewayHarness.start(llama.baseUrl(), "gateway.telegram.token", TOKEN, "gateway.telegram.api-url",
                telegram.baseUrl(), "gateway.telegram.allowed-users", "111", "gateway.telegram.poll-delay", "50ms",
                "gateway.delivery.retry-delay", "100ms", "gateway.delivery.max-attempts", "2",
                "gateway.defaults.tool-groups", "cron,file", "gateway.cron.tick", "250ms");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        llama.close();
        telegram.close();
    }

    static JsonNode data(HttpResponse<String> r) throws Exception {
        JsonNode body = Json.parse(r.body());
        assertThat(body.path("ok").asBoolean()).as(r.body()).isTrue();
        return body.path("data");
    }

    static JsonNode create(String json) throws Exception {
        HttpResponse<String> r = gateway.post("/api/gui/cron/jobs", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return data(r);
    }

    static List<JsonNode> runs(String jobId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        data(gateway.get("/api/gui/cron/jobs/" + jobId + "/runs?limit=100")).path("runs").forEach(out::add);
        return out;
    }

    static List<JsonNode> awaitRuns(String jobId, Predicate<List<JsonNode>> done) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> runs = runs(jobId);
        while (!done.test(runs) && System.nanoTime() < end) {
            Thread.sleep(50);
            runs = runs(jobId);
        }
        assertThat(done.test(runs)).as("runs: " + runs).isTrue();
        return runs;
    }

    static JsonNode job(String name) throws Exception {
        for (JsonNode j : data(gateway.get("/api/gui/cron/jobs")).path("jobs")) {
            if (j.path("name").asText().equals(name)) {
                return j;
            }
        }
        return null;
    }

    @Test
    void aJobEveryTwoSecondsRunsOnTimeWithoutDoublesAndDeliveryIsAcknowledged() throws Exception {
        JsonNode job = create("{\"name\":\"ticker\",\"prompt\":\"status?\",\"schedule\":\"every 2s\",\"deliver\":\"telegram:4242\"}");
        String id = job.path("job_id").asText();
        assertThat(job.path("next_runs")).hasSize(5);
        List<JsonNode> runs = awaitRuns(id, rs -> rs.stream().filter(r -> r.path("status").asText().equals("ok")
                && r.path("deliveries").path(0).path("status").asText().equals("delivered")).count() >= 3);
        Set<String> occurrences = new HashSet<>();
        for (JsonNode r : runs) {
            assertThat(occurrences.add(r.path("scheduled_for").asText())).as("one run per occurrence: " + runs).isTrue();
            if (r.path("status").asText().equals("ok")) {
                Duration late = Duration.between(Instant.parse(r.path("scheduled_for").asText()), Instant.parse(r.path("started_at").asText()));
                assertThat(late).as("started on time").isBetween(Duration.ZERO, Duration.ofMillis(1500));
                assertThat(r.path("session_id").asText()).startsWith("cron:" + id + ":");
            }
        }
        JsonNode delivered = runs.stream().filter(r -> r.path("deliveries").path(0).path("status").asText().equals("delivered"))
                .findFirst().orElseThrow();
        assertThat(delivered.path("deliveries").path(0).path("target").asText()).isEqualTo("telegram:4242");
        assertThat(delivered.path("deliveries").path(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(telegram.sentTo("4242")).extracting(FakeTelegram.Sent::text).contains("cron report: all good");

        // pause: nothing more runs; resume: it runs again.
        assertThat(data(gateway.post("/api/gui/cron/jobs/" + id + "/pause", "")).path("paused").asBoolean()).isTrue();
        Thread.sleep(600); // a run claimed just before the pause may still be finishing
        int settled = runs(id).size();
        Thread.sleep(2500);
        assertThat(runs(id)).hasSize(settled);
        JsonNode resumed = data(gateway.post("/api/gui/cron/jobs/" + id + "/resume", ""));
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        awaitRuns(id, rs -> rs.size() > settled);
        assertThat(data(gateway.delete("/api/gui/cron/jobs/" + id)).path("deleted").asBoolean()).isTrue();
        assertThat(gateway.get("/api/gui/cron/jobs/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeliveryThePlatformRefusesShowsFailedInTheRunHistory() throws Exception {
        telegram.failSendsTo("999", 400);
        telegram.failSendsTo("998", 500);
        String id = create("{\"name\":\"doomed\",\"prompt\":\"hi\",\"schedule\":\"0 9 * * *\",\"deliver\":\"telegram:999,telegram:998,local\"}")
                .path("job_id").asText();
        HttpResponse<String> run = gateway.post("/api/gui/cron/jobs/" + id + "/run", "");
        assertThat(run.statusCode()).isEqualTo(202);
        List<JsonNode> runs = awaitRuns(id, rs -> !rs.isEmpty() && rs.get(0).path("deliveries").size() == 3
                && !rs.get(0).path("deliveries").findValuesAsText("status").contains("pending")
                && !rs.get(0).path("deliveries").findValuesAsText("status").contains("retrying"));
        JsonNode r = runs.get(0);
        assertThat(r.path("status").asText()).isEqualTo("ok");
        assertThat(r.path("trigger").asText()).isEqualTo("manual");
        for (JsonNode d : r.path("deliveries")) {
            switch (d.path("target").asText()) {
                case "telegram:999" -> {
                    assertThat(d.path("status").asText()).isEqualTo("failed");
                    assertThat(d.path("last_error").asText()).isNotBlank();
                }
                case "telegram:998" -> {
                    assertThat(d.path("status").asText()).isEqualTo("failed");
                    assertThat(d.path("attempts").asInt()).isEqualTo(2); // retried, then given up
                }
                case "local" -> assertThat(d.path("status").asText()).isEqualTo("saved");
                default -> throw new AssertionError("unexpected target " + d);
            }
        }
        assertThat(telegram.sentTo("999")).isEmpty();
    }

    @Test
    void cronCommandInAChatSchedulesAJobThatAnswersThereWithoutTouchingTheChatSession() throws Exception {
        telegram.dm(111, "/cron add every 1h | give me the news digest");
        telegram.awaitTo("111", t -> t.startsWith("⏰ Scheduled"), WAIT);
        JsonNode job = job("give me the news digest");
        assertThat(job).isNotNull();
        assertThat(job.path("origin").asText()).isEqualTo("telegram:111");
        assertThat(job.path("deliver").asText()).isEqualTo("origin");
        telegram.dm(111, "/cron");
        telegram.awaitTo("111", t -> t.contains(job.path("job_id").asText()) && t.contains("every 1h"), WAIT);

        llama.enqueue(Reply.text("digest: nothing happened today"));
        gateway.post("/api/gui/cron/jobs/" + job.path("job_id").asText() + "/run", "");
        telegram.awaitTo("111", t -> t.equals("digest: nothing happened today"), WAIT);
        // The delivered text lives only in the cron session, never in the chat's own conversation.
        JsonNode hits = Json.parse(gateway.get("/api/v1/sessions/search?q=digest").body()).path("results");
        assertThat(hits.findValuesAsText("session_id")).isNotEmpty().allMatch(s -> s.startsWith("cron:"));

        telegram.dm(111, "/cron rm " + job.path("job_id").asText());
        telegram.awaitTo("111", t -> t.startsWith("🗑 Removed"), WAIT);
        assertThat(job("give me the news digest")).isNull();
    }

    @Test
    void theAgentSchedulesAJobWithTheCronjobToolButCronRunsAreNotOfferedIt() throws Exception {
        llama.enqueue(Reply.toolCalls(new ToolCallSpec("call_cron_1", "cronjob",
                "{\"action\":\"create\",\"name\":\"plants\",\"prompt\":\"remind me to water the plants\",\"schedule\":\"0 8 * * *\","
                        + "\"time_zone\":\"Europe/Berlin\"}")));
        llama.enqueue(Reply.text("Done: every day at 8."));
        telegram.dm(111, "remind me every morning at 8 to water the plants");
        telegram.awaitTo("111", t -> t.equals("Done: every day at 8."), WAIT);
        JsonNode job = job("plants");
        assertThat(job).isNotNull();
        assertThat(job.path("origin").asText()).isEqualTo("telegram:111");
        assertThat(job.path("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(job.path("next_run_at").asText()).matches(".*T0[67]:00:00Z"); // 08:00 Berlin

        int before = llama.chatRequests().size();
        llama.enqueue(Reply.text("💧 water the plants"));
        gateway.post("/api/gui/cron/jobs/" + job.path("job_id").asText() + "/run", "");
        telegram.awaitTo("111", t -> t.equals("💧 water the plants"), WAIT);
        JsonNode cronRequest = llama.chatRequests().get(before);
        assertThat(cronRequest.path("tools").findValuesAsText("name")).isNotEmpty().doesNotContain("cronjob");
        gateway.delete("/api/gui/cron/jobs/" + job.path("job_id").asText());
    }
}
