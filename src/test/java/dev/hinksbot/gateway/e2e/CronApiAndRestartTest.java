package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.CliRunner.cli;
import static dev.hinksbot.gateway.e2e.CliRunner.cliOut;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The cron console API (envelope, validation), run-now with {@code local} delivery and {@code [SILENT]}, the command
 * line against the gateway's database, and a restart in the middle of a schedule.
 */
class CronApiAndRestartTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static JsonNode data(HttpResponse<String> r) throws Exception {
        JsonNode body = Json.parse(r.body());
        assertThat(body.path("ok").asBoolean()).as(r.body()).isTrue();
        return body.path("data");
    }

    static List<JsonNode> awaitRuns(GatewayHarness g, String jobId, Predicate<List<JsonNode>> done) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> runs = new ArrayList<>();
            data(g.get("/api/gui/cron/jobs/" + jobId + "/runs?limit=200")).path("runs").forEach(runs::add);
            if (done.test(runs)) {
                return runs;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("runs never matched: " + runs);
            }
            Thread.sleep(50);
        }
    }

    static boolean settled(List<JsonNode> runs) {
        return runs.stream().noneMatch(r -> r.path("status").asText().equals("running"));
    }

    static void assertError(HttpResponse<String> r, int status, String code, String messagePart) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = Json.parse(r.body());
        assertThat(body.path("ok").asBoolean()).isFalse();
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).contains(messagePart);
        assertThat(body.path("error").path("details").isObject()).isTrue();
    }

    @Test
    void apiValidatesRunsNowDeliversLocallyAndKeepsSilentRunsSilent() throws Exception {
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness g = GatewayHarness.start(llama.baseUrl(), "gateway.cron.tick", "250ms")) {
            assertError(g.post("/api/gui/cron/jobs", "{\"prompt\":\"x\",\"schedule\":\"every fortnight\"}"), 400, "invalid_job", "after 'every'");
            assertError(g.post("/api/gui/cron/jobs", "{\"prompt\":\"x\",\"schedule\":\"61 * * * *\"}"), 400, "invalid_job", "not a valid cron expression");
            assertError(g.post("/api/gui/cron/jobs", "{\"prompt\":\"x\",\"schedule\":\"0 9 * * *\",\"time_zone\":\"Mars/Olympus\"}"),
                    400, "invalid_job", "not a time zone");
            assertError(g.post("/api/gui/cron/jobs", "{\"prompt\":\"x\",\"schedule\":\"0 9 * * *\",\"deliver\":\"telegram\"}"),
                    400, "invalid_job", "telegram is not configured");
            assertError(g.post("/api/gui/cron/jobs", "{\"schedule\":\"0 9 * * *\"}"), 400, "invalid_field", "'prompt' is required");
            assertError(g.post("/api/gui/cron/jobs", "{\"prompt\":\"x\",\"schedule\":\"0 9 * * *\",\"colour\":1}"), 400, "invalid_field", "colour");
            assertError(g.post("/api/gui/cron/jobs", "not json"), 400, "invalid_json", "JSON");
            assertError(g.get("/api/gui/cron/jobs/job_nope"), 404, "not_found", "job_nope");
            assertError(g.patch("/api/gui/cron/jobs/job_nope", "{}"), 404, "not_found", "job_nope");

            HttpResponse<String> created = g.post("/api/gui/cron/jobs", "{\"name\":\"Morning summary\",\"prompt\":\"Summarize.\","
                    + "\"schedule\":\"0 9 * * 1-5\",\"time_zone\":\"America/New_York\",\"deliver\":[\"local\"]}");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode job = data(created);
            String id = job.path("job_id").asText();
            assertThat(job.path("schedule").asText()).isEqualTo("0 9 * * 1-5");
            assertThat(job.path("deliver").asText()).isEqualTo("local");
            assertThat(job.path("paused").asBoolean()).isFalse();
            assertThat(job.path("last_run_at").isNull()).isTrue();
            assertThat(job.path("next_runs")).hasSize(5);
            for (JsonNode t : job.path("next_runs")) {
                assertThat(t.asText()).matches(".*T1[34]:00:00Z"); // 09:00 New York, EST or EDT
            }
            assertError(g.patch("/api/gui/cron/jobs/" + id, "{\"schedule\":\"sometimes\"}"), 400, "invalid_job", "not a schedule");
            JsonNode patched = data(g.patch("/api/gui/cron/jobs/" + id, "{\"schedule\":\"0 10 * * 1-5\",\"name\":\"Ten\"}"));
            assertThat(patched.path("name").asText()).isEqualTo("Ten");
            assertThat(patched.path("next_run_at").asText()).matches(".*T1[45]:00:00Z");

            llama.enqueue(Reply.text("Here is the summary."));
            assertThat(g.post("/api/gui/cron/jobs/" + id + "/run", "").statusCode()).isEqualTo(202);
            JsonNode run = awaitRuns(g, id, rs -> rs.size() == 1 && settled(rs)).get(0);
            assertThat(run.path("status").asText()).isEqualTo("ok");
            assertThat(run.path("output").asText()).isEqualTo("Here is the summary.");
            JsonNode local = run.path("deliveries").path(0);
            assertThat(local.path("target").asText()).isEqualTo("local");
            assertThat(local.path("status").asText()).isEqualTo("saved");
            assertThat(Files.readString(Path.of(local.path("files").path(0).asText()))).isEqualTo("Here is the summary.");

            llama.enqueue(Reply.text("[SILENT]"));
            g.post("/api/gui/cron/jobs/" + id + "/run", "");
            JsonNode silent = awaitRuns(g, id, rs -> rs.size() == 2 && settled(rs)).get(0);
            assertThat(silent.path("status").asText()).isEqualTo("ok");
            assertThat(silent.path("silent").asBoolean()).isTrue();
            assertThat(silent.path("deliveries")).isEmpty();

            llama.enqueue(Reply.error(500, "server_error", "model exploded"));
            g.post("/api/gui/cron/jobs/" + id + "/run", "");
            JsonNode failed = awaitRuns(g, id, rs -> rs.size() == 3 && settled(rs)).get(0);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error").asText()).isNotBlank();
            JsonNode notice = failed.path("deliveries").path(0);
            assertThat(Files.readString(Path.of(notice.path("files").path(0).asText()))).startsWith("⚠️ Cron job \"Ten\" failed");
            assertThat(data(g.get("/api/gui/cron/jobs/" + id)).path("last_status").asText()).isEqualTo("failed");
        }
    }

    @Test
    void commandLineManagesJobsInTheSameDatabaseAsTheRunningGateway() throws Exception {
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start();
             GatewayHarness g = GatewayHarness.start(llama.baseUrl(), "gateway.cron.tick", "250ms")) {
            llama.setDefaultReply(Reply.text("from the cli job"));
            String db = g.dir().resolve("gateway.db").toString();
            String added = cliOut("cron", "add", "--database", db, "--name", "cli job", "--prompt", "hello",
                    "--schedule", "every 1h", "--deliver", "local", "--tz", "Europe/Berlin");
            assertThat(added).startsWith("added job_");
            String id = added.substring("added ".length()).split("\\s+")[0];
            assertThat(cli("cron", "add", "--database", db, "--prompt", "x", "--schedule", "0 25 * * *")).isEqualTo(1);
            assertThat(cliOut("cron", "list", "--database", db)).contains(id, "cli job", "every 1h Europe/Berlin");
            assertThat(data(g.get("/api/gui/cron/jobs/" + id)).path("name").asText()).isEqualTo("cli job");

            assertThat(cli("cron", "run", "--database", db, id)).isEqualTo(0);
            JsonNode run = awaitRuns(g, id, rs -> rs.size() == 1 && settled(rs)).get(0);
            assertThat(run.path("status").asText()).isEqualTo("ok");
            assertThat(cliOut("cron", "runs", "--database", db, id)).contains("ok", "local  saved");
            assertThat(cli("cron", "pause", "--database", db, id)).isEqualTo(0);
            assertThat(data(g.get("/api/gui/cron/jobs/" + id)).path("paused").asBoolean()).isTrue();
            assertThat(cli("cron", "rm", "--database", db, id)).isEqualTo(0);
            assertThat(g.get("/api/gui/cron/jobs/" + id).statusCode()).isEqualTo(404);
            assertThat(cli("cron", "rm", "--database", db, id)).isEqualTo(1);
        }
    }

    @Test
    void aRestartMidScheduleNeitherDoublesNorSilentlyDropsAnOccurrence() throws Exception {
        Path dir = Files.createTempDirectory("hinksbot-cron-restart");
        String db = dir.resolve("gateway.db").toString();
        String id;
        try (ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setDefaultReply(Reply.text("tick"));
            try (GatewayHarness g = GatewayHarness.start(llama.baseUrl(), "gateway.database.path", db, "gateway.cron.tick", "250ms")) {
                id = data(g.post("/api/gui/cron/jobs", "{\"prompt\":\"tick\",\"schedule\":\"every 1s\",\"deliver\":\"local\"}"))
                        .path("job_id").asText();
                awaitRuns(g, id, rs -> rs.stream().filter(r -> r.path("status").asText().equals("ok")).count() >= 2);
            }
            Thread.sleep(3500); // down for several occurrences, all inside the grace window
            try (GatewayHarness g = GatewayHarness.start(llama.baseUrl(), "gateway.database.path", db, "gateway.cron.tick", "250ms")) {
                List<JsonNode> runs = awaitRuns(g, id, rs -> settled(rs)
                        && rs.stream().anyMatch(r -> r.path("trigger").asText().equals("catch-up"))
                        && rs.stream().anyMatch(r -> r.path("status").asText().equals("skipped")));
                Set<String> occurrences = new HashSet<>();
                for (JsonNode r : runs) {
                    assertThat(occurrences.add(r.path("scheduled_for").asText())).as("no occurrence twice: " + runs).isTrue();
                }
                assertThat(runs.stream().filter(r -> r.path("trigger").asText().equals("catch-up"))).hasSize(1);
                JsonNode skipped = runs.stream().filter(r -> r.path("status").asText().equals("skipped")).findFirst().orElseThrow();
                assertThat(skipped.path("error").asText()).contains("only the latest inside the grace window");
                // and it goes on ticking normally afterwards
                int before = runs.size();
                awaitRuns(g, id, rs -> rs.size() >= before + 2);
            }
        }
    }
}
