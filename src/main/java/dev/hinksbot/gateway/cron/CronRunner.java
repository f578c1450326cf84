package dev.hinksbot.gateway.cron;

import dev.hinksbot.gateway.common.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs. On each tick it claims the due occurrences in the database (see {@link CronRepository#claim}) before
 * anything runs, so one occurrence runs at most once — across ticks, restarts and processes. After downtime only the
 * latest missed occurrence inside the grace window runs; older ones are recorded as skipped. Each run gets a fresh
 * session {@code cron:{job}:{timestamp}}, a bounded pool slot and a timeout; its answer goes to the delivery routes
 * ({@code [SILENT]} delivers nothing; a failure delivers a notice), and the outbox rows written are linked to the run.
 */
public final class CronRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.cron");
    public static final String SILENT = "[SILENT]";
    private static final DateTimeFormatter SESSION_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Limits of the runner: how late a missed occurrence may still run, parallel runs, one run's time. */
    public record Settings(Duration grace, int maxParallel, Duration timeout) {
    }

    private final CronRepository repo;
    private final CronAgent agent;
    private final CronDelivery delivery;
    private final Settings settings;
    private final Clock clock;
    private final ExecutorService pool;
    /** Jobs with a run in flight in this process: an occurrence that comes due meanwhile is skipped, not stacked. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public CronRunner(CronRepository repo, CronAgent agent, CronDelivery delivery, Settings settings, Clock clock) {
        this.repo = repo;
        this.agent = agent;
        this.delivery = delivery;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.maxParallel(), settings.maxParallel(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "cron-run-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Called once before the first tick: runs a previous process left mid-way are failed, visibly. */
    public void recover() {
        int n = repo.failInterrupted(CronRepository.ms(clock.instant()));
        if (n > 0) {
            LOG.warn("cron: {} run(s) were interrupted by the last shutdown; marked failed", n);
        }
    }

    /** Claims and starts every due occurrence. Never throws: a bad job must not stop the others. */
    public void tick() {
        Instant now = CronRepository.ms(clock.instant());
        for (CronJob job : repo.due(now)) {
            try {
                claimAndStart(job, now);
            } catch (RuntimeException e) {
                LOG.error("cron: job {} could not be started: {}", job.id(), e.toString());
            }
        }
    }

    /** Runs the job now, outside its schedule (the schedule is untouched). Returns the run as claimed. */
    public CronRun runNow(CronJob job) {
        Instant now = CronRepository.ms(clock.instant());
        CronRun run = newRun(job, now, "manual", now);
        repo.insertManual(run);
        start(job, run);
        return run;
    }

    private void claimAndStart(CronJob job, Instant now) {
        Schedule schedule = job.parsedSchedule();
        Instant due = job.nextRunAt();
        Instant graceStart = now.minus(settings.grace());
        // The latest occurrence at or before now that is still inside the grace window, if any.
        Instant candidate = due;
        int missed = 0;
        if (due.isBefore(graceStart)) {
            missed++;
            candidate = schedule.nextAfter(graceStart.minusMillis(1), job.anchorAt(), job.zone()).orElse(null);
        }
        while (candidate != null && !candidate.isAfter(now)) {
            Optional<Instant> after = schedule.nextAfter(candidate, job.anchorAt(), job.zone());
            if (after.isPresent() && !after.get().isAfter(now)) {
                missed++;
                candidate = after.get();
            } else {
                break;
            }
        }
        boolean runs = candidate != null && !candidate.isAfter(now);
        Instant next = runs ? schedule.nextAfter(candidate, job.anchorAt(), job.zone()).orElse(null) : candidate;
        int counted = runs ? 1 : 0;
        boolean repeatUsed = job.repeatLimit() != null && job.runCount() + counted >= job.repeatLimit();
        String state = next == null || repeatUsed ? CronJob.COMPLETED : CronJob.SCHEDULED;
        if (CronJob.COMPLETED.equals(state)) {
            next = null;
        }
        List<CronRun> rows = new ArrayList<>();
        if (missed > 0) {
            String why = "missed " + (due.isBefore(graceStart) ? "occurrence(s)" : missed + " occurrence(s)") + " from " + due
                    + (runs ? " before " + candidate : "") + " while the gateway was not running; "
                    + (runs ? "only the latest inside the grace window (" + settings.grace() + ") runs"
                    : "older than the grace window (" + settings.grace() + "), not run");
            rows.add(new CronRun(Ids.next("crun"), job.id(), due, "schedule", CronRun.SKIPPED, false, null, now, now,
                    null, why, job.deliver(), null, null, null));
            LOG.warn("cron: job {} ({}) {}", job.id(), job.name(), why);
        }
        CronRun run = null;
        if (runs) {
            boolean busy = running.contains(job.id());
            String trigger = missed > 0 ? "catch-up" : "schedule";
            run = busy ? new CronRun(Ids.next("crun"), job.id(), candidate, trigger, CronRun.SKIPPED, false, null, now, now,
                    null, "skipped: the previous run of this job was still running", job.deliver(), null, null, null)
                    : newRun(job, candidate, trigger, now);
            rows.add(run);
            if (busy) {
                run = null;
            }
        }
        if (!repo.claim(job.id(), due, next, state, counted, runs ? now : null, rows)) {
            LOG.debug("cron: occurrence {} of job {} was claimed elsewhere", due, job.id());
            return;
        }
        if (run != null) {
            start(job, run);
        }
    }

    private CronRun newRun(CronJob job, Instant scheduledFor, String trigger, Instant now) {
        String session = "cron:" + job.id() + ":" + SESSION_STAMP.format(scheduledFor);
        return new CronRun(Ids.next("crun"), job.id(), scheduledFor, trigger, CronRun.RUNNING, false, session, now, null,
                null, null, job.deliver(), null, null, null);
    }

    private void start(CronJob job, CronRun run) {
        running.add(job.id());
        try {
            pool.execute(() -> {
                try {
                    execute(job, run);
                } finally {
                    running.remove(job.id());
                }
            });
        } catch (RuntimeException e) {
            running.remove(job.id());
            repo.finish(finished(run, CronRun.FAILED, false, null, "could not start: " + e, null, null));
        }
    }

    private void execute(CronJob job, CronRun run) {
        long started = System.nanoTime();
        CronAgent.Outcome outcome;
        try {
            outcome = agent.run(job, run.sessionId(), settings.timeout());
        } catch (RuntimeException e) {
            outcome = CronAgent.Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        String status = outcome.ok() ? CronRun.OK : CronRun.FAILED;
        boolean silent = outcome.ok() && outcome.output() != null && outcome.output().strip().equals(SILENT);
        CronDelivery.Handed handed = null;
        String deliveryError = null;
        if (!silent) {
            String text = outcome.ok() ? outcome.output()
                    : "⚠️ Cron job \"" + job.name() + "\" failed: " + outcome.error();
            try {
                handed = delivery.deliver(text, job.deliver(), job.origin());
            } catch (RuntimeException e) {
                deliveryError = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("cron: job {} run {}: delivery to '{}' failed: {}", job.id(), run.id(), job.deliver(), deliveryError);
            }
        }
        repo.finish(finished(run, status, silent, outcome.output(), outcome.error(), handed, deliveryError));
        LOG.info("cron run job={} run={} session={} status={}{} duration_ms={} outbox={}", job.id(), run.id(), run.sessionId(),
                status, silent ? " (silent)" : "", (System.nanoTime() - started) / 1_000_000,
                handed == null ? 0 : handed.outboxIds().size());
    }

    private CronRun finished(CronRun r, String status, boolean silent, String output, String error,
                             CronDelivery.Handed handed, String deliveryError) {
        return new CronRun(r.id(), r.jobId(), r.scheduledFor(), r.trigger(), status, silent, r.sessionId(), r.startedAt(),
                CronRepository.ms(clock.instant()), output, error, r.deliver(),
                handed == null ? null : handed.outboxIds(), handed == null ? null : handed.savedFiles(), deliveryError);
    }

    /** Stops taking runs; runs in flight get a moment to record their end (their agent runs are cancelled by chat). */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
