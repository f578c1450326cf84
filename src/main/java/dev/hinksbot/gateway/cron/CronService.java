package dev.hinksbot.gateway.cron;

import dev.hinksbot.gateway.common.Ids;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Creating, editing, pausing, resuming and removing jobs, with every field validated before anything is stored. The
 * API, the command line, /cron and the cronjob tool all go through here, so they accept and refuse the same things.
 * Running is the {@link CronRunner}'s business; this only keeps {@code next_run_at} right.
 */
public final class CronService {
    public static final int MAX_PROMPT = 20_000;

    private final CronRepository repo;
    private final ZoneId defaultZone;
    private final BiConsumer<String, String> deliveryCheck;
    private final Predicate<String> profileExists;
    private final Clock clock;

    /**
     * {@code deliveryCheck} throws {@link IllegalArgumentException} for a delivery spec that cannot work (given the
     * origin); {@code profileExists} says whether an agent profile name is known.
     */
    public CronService(CronRepository repo, ZoneId defaultZone, BiConsumer<String, String> deliveryCheck,
                       Predicate<String> profileExists, Clock clock) {
        this.repo = repo;
        this.defaultZone = defaultZone;
        this.deliveryCheck = deliveryCheck;
        this.profileExists = profileExists;
        this.clock = clock;
    }

    public CronRepository repository() {
        return repo;
    }

    public List<CronJob> list() {
        return repo.list();
    }

    public Optional<CronJob> find(String id) {
        return repo.find(id);
    }

    public CronJob get(String id) {
        return repo.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** {@code createdBy}: who asks ({@code api}, {@code cli}, {@code user:telegram:456}, {@code tool:<session>} …). */
    public CronJob create(JobSpec spec, String createdBy) {
        Instant now = CronRepository.ms(clock.instant());
        String prompt = required(spec.prompt(), "prompt");
        if (prompt.length() > MAX_PROMPT) {
            throw new InvalidScheduleException("'prompt' is longer than " + MAX_PROMPT + " characters");
        }
        ZoneId zone = zone(spec.timeZone());
        Schedule schedule = ScheduleParser.parse(required(spec.schedule(), "schedule"), zone, now);
        String origin = blankToNull(spec.origin());
        String deliver = blankToNull(spec.deliver()) != null ? spec.deliver().strip() : origin != null ? "origin" : "local";
        checkDelivery(deliver, origin);
        checkProfile(spec.profile());
        Integer repeat = repeat(spec.repeat(), schedule);
        Instant next = schedule.nextAfter(now, now, zone)
                .orElseThrow(() -> new InvalidScheduleException("'" + schedule.text() + "' never runs from now on"));
        String name = blankToNull(spec.name()) != null ? spec.name().strip() : defaultName(prompt);
        CronJob job = new CronJob(Ids.next("job"), name, prompt, schedule.text(), schedule.kind(), zone, deliver,
                spec.toolGroups(), blankToNull(spec.model()), blankToNull(spec.profile()), repeat, 0, origin,
                CronJob.SCHEDULED, now, next, null, null, now, now, blankToNull(createdBy));
        repo.insert(job);
        return job;
    }

    /** Changes the given fields; a new schedule or time zone restarts the schedule from now. */
    public CronJob edit(String id, JobSpec patch) {
        CronJob j = get(id);
        Instant now = CronRepository.ms(clock.instant());
        String prompt = patch.prompt() != null ? required(patch.prompt(), "prompt") : j.prompt();
        ZoneId zone = patch.timeZone() != null ? zone(patch.timeZone()) : j.zone();
        boolean rescheduled = patch.schedule() != null || patch.timeZone() != null;
        Schedule schedule = patch.schedule() != null ? ScheduleParser.parse(required(patch.schedule(), "schedule"), zone, now)
                : j.parsedSchedule();
        String deliver = patch.deliver() != null ? required(patch.deliver(), "deliver") : j.deliver();
        checkDelivery(deliver, j.origin());
        if (patch.profile() != null) {
            checkProfile(patch.profile());
        }
        Integer repeat = patch.repeat() != null || rescheduled ? repeat(patch.repeat() != null ? patch.repeat() : j.repeatLimit(), schedule)
                : j.repeatLimit();
        String state = j.state();
        Instant anchor = j.anchorAt();
        Instant next = j.nextRunAt();
        int runCount = j.runCount();
        if (rescheduled) {
            anchor = now;
            runCount = 0;
            next = schedule.nextAfter(now, now, zone)
                    .orElseThrow(() -> new InvalidScheduleException("'" + schedule.text() + "' never runs from now on"));
            if (CronJob.COMPLETED.equals(state)) {
                state = CronJob.SCHEDULED;
            }
        }
        CronJob edited = new CronJob(j.id(), patch.name() != null ? required(patch.name(), "name") : j.name(), prompt,
                schedule.text(), schedule.kind(), zone, deliver,
                patch.toolGroups() != null ? patch.toolGroups() : j.toolGroups(),
                patch.model() != null ? blankToNull(patch.model()) : j.model(),
                patch.profile() != null ? blankToNull(patch.profile()) : j.profile(), repeat, runCount, j.origin(), state,
                anchor, next, j.lastRunAt(), j.lastStatus(), j.createdAt(), now, j.createdBy());
        repo.update(edited);
        return edited;
    }

    public CronJob pause(String id) {
        CronJob j = get(id);
        if (CronJob.COMPLETED.equals(j.state())) {
            throw new InvalidScheduleException("job " + id + " is completed; edit its schedule to run it again");
        }
        CronJob paused = withState(j, CronJob.PAUSED, j.nextRunAt());
        repo.update(paused);
        return paused;
    }

    /**
     * Back on schedule from now: occurrences that fell into the pause are not made up. A one-shot whose time passed
     * while paused runs at once.
     */
    public CronJob resume(String id) {
        CronJob j = get(id);
        if (!j.paused()) {
            return j;
        }
        Instant now = CronRepository.ms(clock.instant());
        Schedule s = j.parsedSchedule();
        Instant next = s instanceof Schedule.Once once ? max(once.at(j.anchorAt()), now)
                : s.nextAfter(now, j.anchorAt(), j.zone()).orElse(null);
        CronJob resumed = withState(j, next == null ? CronJob.COMPLETED : CronJob.SCHEDULED, next);
        repo.update(resumed);
        return resumed;
    }

    /** Brings a scheduled job's next occurrence forward to now: the running gateway's ticker runs it (the CLI's run). */
    public CronJob makeDue(String id) {
        CronJob j = get(id);
        if (!CronJob.SCHEDULED.equals(j.state())) {
            throw new InvalidScheduleException("job " + id + " is " + j.state() + "; resume it first (or use the API's run)");
        }
        CronJob due = withState(j, j.state(), CronRepository.ms(clock.instant()));
        repo.update(due);
        return due;
    }

    public boolean remove(String id) {
        return repo.delete(id);
    }

    /** The next {@code n} occurrences of a job (empty for a paused or completed one). */
    public List<Instant> nextRuns(CronJob job, int n) {
        List<Instant> out = new ArrayList<>();
        if (!CronJob.SCHEDULED.equals(job.state()) || job.nextRunAt() == null) {
            return out;
        }
        Schedule s = job.parsedSchedule();
        Instant t = job.nextRunAt();
        while (t != null && out.size() < n) {
            out.add(t);
            t = s.nextAfter(t, job.anchorAt(), job.zone()).orElse(null);
        }
        return out;
    }

    private CronJob withState(CronJob j, String state, Instant next) {
        return new CronJob(j.id(), j.name(), j.prompt(), j.schedule(), j.scheduleKind(), j.zone(), j.deliver(), j.toolGroups(),
                j.model(), j.profile(), j.repeatLimit(), j.runCount(), j.origin(), state, j.anchorAt(), next, j.lastRunAt(),
                j.lastStatus(), j.createdAt(), CronRepository.ms(clock.instant()), j.createdBy());
    }

    private ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("'" + name + "' is not a time zone (use a region id such as Europe/Berlin,"
                    + " America/New_York or UTC)");
        }
    }

    private void checkDelivery(String deliver, String origin) {
        try {
            deliveryCheck.accept(deliver, origin);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("deliver: " + e.getMessage());
        }
    }

    private void checkProfile(String profile) {
        if (profile != null && !profile.isBlank() && !profileExists.test(profile.strip())) {
            throw new InvalidScheduleException("profile '" + profile + "' does not exist (see agent/*.md)");
        }
    }

    private static Integer repeat(Integer repeat, Schedule schedule) {
        if (schedule instanceof Schedule.Once) {
            return 1;
        }
        if (repeat != null && repeat < 1) {
            throw new InvalidScheduleException("'repeat' must be at least 1 (or left out: forever)");
        }
        return repeat;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidScheduleException("'" + field + "' is required");
        }
        return value.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String defaultName(String prompt) {
        String p = prompt.replaceAll("\\s+", " ");
        return p.length() > 40 ? p.substring(0, 40) + "…" : p;
    }

    /** No job with that id. */
    public static final class JobNotFoundException extends RuntimeException {
        public JobNotFoundException(String id) {
            super("no cron job with id '" + id + "'");
        }
    }
}
