package dev.hinksbot.gateway.cron;

import dev.hinksbot.gateway.fakes.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner against a real database and a clock that moves only when told: at most once per occurrence (double
 * ticks, a second runner on the same file as after a restart), the grace window, one-shots, [SILENT], failures.
 */
class CronRunnerTest {
    static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

    Path dir;
    Database db;
    MutableClock clock;
    CronRepository repo;
    CronService service;
    final List<String> prompts = new CopyOnWriteArrayList<>();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final AtomicReference<CronAgent.Outcome> answer = new AtomicReference<>(CronAgent.Outcome.answered("report"));
    CronAgent agent = (job, session, timeout) -> {
        prompts.add(session);
        return answer.get();
    };
    CronDelivery delivery = (text, spec, origin) -> {
        delivered.add(spec + "=" + text);
        return new CronDelivery.Handed(List.of(), List.of("/tmp/x.md"));
    };

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("cron-runner");
        db = Database.open(dir.resolve("gateway.db"));
        clock = new MutableClock(T0);
        repo = new CronRepository(db);
        service = new CronService(repo, ZoneId.of("Europe/Berlin"), (spec, origin) -> { }, name -> true, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    CronRunner runner() {
        return new CronRunner(repo, agent, delivery, new CronRunner.Settings(Duration.ofMinutes(10), 2, Duration.ofSeconds(5)), clock);
    }

    List<CronRun> settledRuns(String jobId, int expected) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<CronRun> runs = repo.runs(jobId, 100);
        while (System.nanoTime() < end && (runs.size() < expected || runs.stream().anyMatch(r -> r.status().equals(CronRun.RUNNING)))) {
            Thread.sleep(10);
            runs = repo.runs(jobId, 100);
        }
        return runs;
    }

    @Test
    void anOccurrenceRunsOnceEvenWhenTickedTwiceOrByTwoRunners() throws Exception {
        CronJob job = service.create(JobSpec.of("hourly", "check", "every 1h", "local"), "test");
        try (CronRunner a = runner(); CronRunner b = runner()) {
            clock.set(T0.plus(Duration.ofHours(1)));
            a.tick();
            a.tick();
            b.tick();
            List<CronRun> runs = settledRuns(job.id(), 1);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(CronRun.OK);
            assertThat(runs.get(0).scheduledFor()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(runs.get(0).sessionId()).isEqualTo("cron:" + job.id() + ":20260504T090000.000Z");
            assertThat(prompts).hasSize(1);
            assertThat(repo.find(job.id()).orElseThrow().nextRunAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        }
    }

    @Test
    void afterDowntimeOnlyTheLatestMissedOccurrenceInsideTheGraceWindowRuns() throws Exception {
        CronJob job = service.create(JobSpec.of("every 2m", "check", "every 2m", "local"), "test");
        // The gateway was down for 30 minutes: 15 occurrences passed; 10:00 grace leaves the ones from 08:20 on.
        clock.set(T0.plus(Duration.ofMinutes(30)).plusSeconds(30));
        try (CronRunner restarted = runner()) {
            restarted.recover();
            restarted.tick();
            List<CronRun> runs = settledRuns(job.id(), 2);
            assertThat(runs).extracting(CronRun::status).containsExactlyInAnyOrder(CronRun.OK, CronRun.SKIPPED);
            CronRun ran = runs.stream().filter(r -> r.status().equals(CronRun.OK)).findFirst().orElseThrow();
            assertThat(ran.scheduledFor()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
            assertThat(ran.trigger()).isEqualTo("catch-up");
            CronRun skipped = runs.stream().filter(r -> r.status().equals(CronRun.SKIPPED)).findFirst().orElseThrow();
            assertThat(skipped.scheduledFor()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
            assertThat(skipped.error()).contains("grace window");
            assertThat(prompts).hasSize(1);
            assertThat(repo.find(job.id()).orElseThrow().nextRunAt()).isEqualTo(T0.plus(Duration.ofMinutes(32)));
        }
    }

    @Test
    void occurrencesOlderThanTheGraceWindowAreSkippedNotRun() throws Exception {
        CronJob job = service.create(JobSpec.of("daily", "check", "0 12 * * *", "local"), "test");
        // Due 2026-05-04 12:00 Berlin (10:00Z); the gateway comes back at 11:00Z, an hour late: skipped.
        clock.set(Instant.parse("2026-05-04T11:00:00Z"));
        try (CronRunner restarted = runner()) {
            restarted.tick();
            List<CronRun> runs = settledRuns(job.id(), 1);
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(CronRun.SKIPPED);
                assertThat(r.error()).contains("older than the grace window");
            });
            assertThat(prompts).isEmpty();
            assertThat(repo.find(job.id()).orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-05-05T10:00:00Z"));
        }
    }

    @Test
    void aRunInterruptedByAStopIsFailedAtTheNextStartAndNotRunAgain() throws Exception {
        CronJob job = service.create(JobSpec.of("hourly", "check", "every 1h", "local"), "test");
        clock.set(T0.plus(Duration.ofHours(1)));
        // The claim happened (row 'running', next_run_at advanced) and then the process died.
        CronRun orphan = new CronRun("crun_orphan", job.id(), T0.plus(Duration.ofHours(1)), "schedule", CronRun.RUNNING, false,
                "cron:x", clock.instant(), null, null, null, "local", null, null, null);
        assertThat(repo.claim(job.id(), job.nextRunAt(), T0.plus(Duration.ofHours(2)), CronJob.SCHEDULED, 1, clock.instant(),
                List.of(orphan))).isTrue();
        try (CronRunner restarted = runner()) {
            restarted.recover();
            restarted.tick();
            Thread.sleep(100);
            assertThat(repo.runs(job.id(), 10)).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(CronRun.FAILED);
                assertThat(r.error()).contains("interrupted");
            });
            assertThat(prompts).isEmpty();
        }
    }

    @Test
    void oneShotFiresOnceAndCompletes() throws Exception {
        CronJob job = service.create(JobSpec.of("once", "remind me", "30m", "local"), "test");
        try (CronRunner r = runner()) {
            clock.set(T0.plus(Duration.ofMinutes(29)));
            r.tick();
            assertThat(repo.runs(job.id(), 10)).isEmpty();
            clock.set(T0.plus(Duration.ofMinutes(30)));
            r.tick();
            clock.set(T0.plus(Duration.ofMinutes(31)));
            r.tick();
            assertThat(settledRuns(job.id(), 1)).hasSize(1);
            CronJob done = repo.find(job.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(CronJob.COMPLETED);
            assertThat(done.nextRunAt()).isNull();
            assertThat(done.runCount()).isEqualTo(1);
        }
    }

    @Test
    void repeatCountCompletesTheJob() throws Exception {
        CronJob job = service.create(new JobSpec("twice", "hi", "every 1m", null, "local", null, null, null, 2, null), "test");
        try (CronRunner r = runner()) {
            for (int i = 1; i <= 4; i++) {
                clock.set(T0.plus(Duration.ofMinutes(i)));
                r.tick();
                settledRuns(job.id(), Math.min(i, 2));
            }
            assertThat(repo.runs(job.id(), 10)).hasSize(2);
            assertThat(repo.find(job.id()).orElseThrow().state()).isEqualTo(CronJob.COMPLETED);
        }
    }

    @Test
    void silentAnswersDeliverNothingAndFailuresDeliverANotice() throws Exception {
        CronJob job = service.create(JobSpec.of("quiet", "anything new?", "every 1h", "local"), "test");
        try (CronRunner r = runner()) {
            answer.set(CronAgent.Outcome.answered("  [SILENT]\n"));
            r.runNow(job);
            CronRun silent = settledRuns(job.id(), 1).get(0);
            assertThat(silent.status()).isEqualTo(CronRun.OK);
            assertThat(silent.silent()).isTrue();
            assertThat(silent.trigger()).isEqualTo("manual");
            assertThat(delivered).isEmpty();

            answer.set(CronAgent.Outcome.failed("timed out after 5s"));
            clock.advance(Duration.ofSeconds(1));
            r.runNow(job);
            List<CronRun> runs = settledRuns(job.id(), 2);
            assertThat(runs.get(0).status()).isEqualTo(CronRun.FAILED);
            assertThat(runs.get(0).error()).isEqualTo("timed out after 5s");
            assertThat(delivered).singleElement().asString().contains("failed: timed out after 5s");
            assertThat(repo.find(job.id()).orElseThrow().nextRunAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void pausedJobsDoNotRunAndResumeFromNow() throws Exception {
        CronJob job = service.create(JobSpec.of("p", "x", "every 10m", "local"), "test");
        try (CronRunner r = runner()) {
            service.pause(job.id());
            clock.set(T0.plus(Duration.ofMinutes(25)));
            r.tick();
            assertThat(repo.runs(job.id(), 10)).isEmpty();
            CronJob resumed = service.resume(job.id());
            assertThat(resumed.nextRunAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
            assertThat(service.nextRuns(resumed, 3)).containsExactly(T0.plus(Duration.ofMinutes(30)),
                    T0.plus(Duration.ofMinutes(40)), T0.plus(Duration.ofMinutes(50)));
        }
    }
}
