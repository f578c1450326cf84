package dev.hinksbot.gateway.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs and their runs in SQLite. The one subtle method is {@link #claim}: it advances a job past an occurrence and
 * inserts that occurrence's run row in one transaction, and only if nobody did so before — the at-most-once rule.
 */
public final class CronRepository {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String JOB_COLUMNS = "id, name, prompt, schedule, schedule_kind, time_zone, deliver, tool_groups,"
            + " model, profile, repeat_limit, run_count, origin_platform, origin_chat, origin_thread, state, anchor_at,"
            + " next_run_at, last_run_at, last_status, created_at, updated_at, created_by";
    private static final String RUN_COLUMNS = "id, job_id, scheduled_for, trigger_kind, status, silent, session_id, started_at,"
            + " finished_at, output, error, deliver, outbox_ids, saved_files, delivery_error";

    private final Database db;

    public CronRepository(Database db) {
        this.db = db;
    }

    /** Millisecond precision, the stored precision: what goes in compares equal to what comes back. */
    public static Instant ms(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    public void insert(CronJob job) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cron_jobs (" + JOB_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindJob(ps, job);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Rewrites every field of the job (edits, pause, resume). */
    public void update(CronJob job) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE cron_jobs SET id = ?, name = ?, prompt = ?, schedule = ?,"
                    + " schedule_kind = ?, time_zone = ?, deliver = ?, tool_groups = ?, model = ?, profile = ?, repeat_limit = ?,"
                    + " run_count = ?, origin_platform = ?, origin_chat = ?, origin_thread = ?, state = ?, anchor_at = ?,"
                    + " next_run_at = ?, last_run_at = ?, last_status = ?, created_at = ?, updated_at = ?, created_by = ?"
                    + " WHERE id = ?")) {
                bindJob(ps, job);
                ps.setString(24, job.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<CronJob> find(String id) {
        return db.read(c -> jobs(c, "WHERE id = ?", id).stream().findFirst());
    }

    public List<CronJob> list() {
        return db.read(c -> jobs(c, "ORDER BY created_at, id"));
    }

    /** Scheduled jobs whose next occurrence is at or before {@code now}. */
    public List<CronJob> due(Instant now) {
        return db.read(c -> jobs(c, "WHERE state = 'scheduled' AND next_run_at IS NOT NULL AND next_run_at <= ?"
                + " ORDER BY next_run_at", format(now)));
    }

    /** Deletes the job and its run history. */
    public boolean delete(String id) {
        return db.write(c -> {
            try (PreparedStatement runs = c.prepareStatement("DELETE FROM cron_runs WHERE job_id = ?");
                 PreparedStatement job = c.prepareStatement("DELETE FROM cron_jobs WHERE id = ?")) {
                runs.setString(1, id);
                runs.executeUpdate();
                job.setString(1, id);
                return job.executeUpdate() > 0;
            }
        });
    }

    /**
     * Claims an occurrence: if the job is still scheduled with {@code expectedNext} as its next run, and no run row
     * exists yet for any of {@code rows}' occurrences, moves the job to {@code newNext} / {@code newState} (counting
     * {@code counted} runs) and inserts {@code rows} — all in one transaction. False when another tick (or another
     * process on the same file) got there first; then nothing changed.
     */
    public boolean claim(String jobId, Instant expectedNext, Instant newNext, String newState, int counted, Instant lastRunAt,
                         List<CronRun> rows) {
        return db.write(c -> {
            for (CronRun r : rows) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cron_runs WHERE job_id = ? AND scheduled_for = ?")) {
                    ps.setString(1, jobId);
                    ps.setString(2, format(r.scheduledFor()));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE cron_jobs SET next_run_at = ?, state = ?,"
                    + " run_count = run_count + ?, last_run_at = COALESCE(?, last_run_at), updated_at = ?"
                    + " WHERE id = ? AND state = 'scheduled' AND next_run_at = ?")) {
                ps.setString(1, format(newNext));
                ps.setString(2, newState);
                ps.setInt(3, counted);
                ps.setString(4, format(lastRunAt));
                ps.setString(5, format(Instant.now()));
                ps.setString(6, jobId);
                ps.setString(7, format(expectedNext));
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            for (CronRun r : rows) {
                insertRun(c, r);
            }
            return true;
        });
    }

    /** A run outside the schedule (run-now): its own row, the schedule untouched. */
    public void insertManual(CronRun run) {
        db.write(c -> {
            insertRun(c, run);
            try (PreparedStatement ps = c.prepareStatement("UPDATE cron_jobs SET last_run_at = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, format(run.startedAt()));
                ps.setString(2, format(Instant.now()));
                ps.setString(3, run.jobId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records how a run ended, and the job's last status. */
    public void finish(CronRun run) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE cron_runs SET status = ?, silent = ?, finished_at = ?,"
                    + " output = ?, error = ?, outbox_ids = ?, saved_files = ?, delivery_error = ? WHERE id = ?")) {
                ps.setString(1, run.status());
                ps.setInt(2, run.silent() ? 1 : 0);
                ps.setString(3, format(run.finishedAt()));
                ps.setString(4, run.output());
                ps.setString(5, run.error());
                ps.setString(6, Json.write(run.outboxIds()));
                ps.setString(7, Json.write(run.savedFiles()));
                ps.setString(8, run.deliveryError());
                ps.setString(9, run.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE cron_jobs SET last_status = ? WHERE id = ?")) {
                ps.setString(1, run.silent() ? "silent" : run.status());
                ps.setString(2, run.jobId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Runs a previous process left 'running' (it stopped mid-run): they failed, and say so. */
    public int failInterrupted(Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE cron_runs SET status = 'failed', finished_at = ?,"
                    + " error = 'interrupted: the gateway stopped during the run' WHERE status = 'running'")) {
                ps.setString(1, format(now));
                return ps.executeUpdate();
            }
        });
    }

    /** A job's runs, newest first. */
    public List<CronRun> runs(String jobId, int limit) {
        return db.read(c -> runs(c, "WHERE job_id = ? ORDER BY scheduled_for DESC, started_at DESC LIMIT ?", jobId, limit));
    }

    public Optional<CronRun> run(String runId) {
        return db.read(c -> runs(c, "WHERE id = ?", runId).stream().findFirst());
    }

    private static void insertRun(Connection c, CronRun r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cron_runs (" + RUN_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.jobId());
            ps.setString(3, format(r.scheduledFor()));
            ps.setString(4, r.trigger());
            ps.setString(5, r.status());
            ps.setInt(6, r.silent() ? 1 : 0);
            ps.setString(7, r.sessionId());
            ps.setString(8, format(r.startedAt()));
            ps.setString(9, format(r.finishedAt()));
            ps.setString(10, r.output());
            ps.setString(11, r.error());
            ps.setString(12, r.deliver());
            ps.setString(13, Json.write(r.outboxIds()));
            ps.setString(14, Json.write(r.savedFiles()));
            ps.setString(15, r.deliveryError());
            ps.executeUpdate();
        }
    }

    private static void bindJob(PreparedStatement ps, CronJob j) throws SQLException {
        String[] origin = j.origin() == null ? new String[3] : splitOrigin(j.origin());
        ps.setString(1, j.id());
        ps.setString(2, j.name());
        ps.setString(3, j.prompt());
        ps.setString(4, j.schedule());
        ps.setString(5, j.scheduleKind());
        ps.setString(6, j.zone().getId());
        ps.setString(7, j.deliver());
        ps.setString(8, j.toolGroups() == null ? null : Json.write(j.toolGroups()));
        ps.setString(9, j.model());
        ps.setString(10, j.profile());
        ps.setObject(11, j.repeatLimit());
        ps.setInt(12, j.runCount());
        ps.setString(13, origin[0]);
        ps.setString(14, origin[1]);
        ps.setString(15, origin[2]);
        ps.setString(16, j.state());
        ps.setString(17, format(j.anchorAt()));
        ps.setString(18, format(j.nextRunAt()));
        ps.setString(19, format(j.lastRunAt()));
        ps.setString(20, j.lastStatus());
        ps.setString(21, format(j.createdAt()));
        ps.setString(22, format(j.updatedAt()));
        ps.setString(23, j.createdBy());
    }

    /** {@code platform:chat[:thread]}; a mail address has no thread (and may not contain ':'). */
    private static String[] splitOrigin(String origin) {
        int first = origin.indexOf(':');
        if (first < 0) {
            return new String[] {origin, null, null};
        }
        String platform = origin.substring(0, first);
        String rest = origin.substring(first + 1);
        int second = platform.equals("mail") ? -1 : rest.indexOf(':');
        return second < 0 ? new String[] {platform, rest, null}
                : new String[] {platform, rest.substring(0, second), rest.substring(second + 1)};
    }

    private static List<CronJob> jobs(Connection c, String where, Object... params) throws SQLException {
        List<CronJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM cron_jobs " + where)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String platform = rs.getString("origin_platform");
                    String origin = platform == null ? null : platform + ":" + rs.getString("origin_chat")
                            + (rs.getString("origin_thread") == null ? "" : ":" + rs.getString("origin_thread"));
                    Object repeat = rs.getObject("repeat_limit");
                    out.add(new CronJob(rs.getString("id"), rs.getString("name"), rs.getString("prompt"),
                            rs.getString("schedule"), rs.getString("schedule_kind"), ZoneId.of(rs.getString("time_zone")),
                            rs.getString("deliver"), list(rs.getString("tool_groups")), rs.getString("model"),
                            rs.getString("profile"), repeat == null ? null : ((Number) repeat).intValue(),
                            rs.getInt("run_count"), origin, rs.getString("state"), parse(rs.getString("anchor_at")),
                            parse(rs.getString("next_run_at")), parse(rs.getString("last_run_at")),
                            rs.getString("last_status"), parse(rs.getString("created_at")), parse(rs.getString("updated_at")),
                            rs.getString("created_by")));
                }
            }
        }
        return out;
    }

    private static List<CronRun> runs(Connection c, String where, Object... params) throws SQLException {
        List<CronRun> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM cron_runs " + where)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CronRun(rs.getString("id"), rs.getString("job_id"), parse(rs.getString("scheduled_for")),
                            rs.getString("trigger_kind"), rs.getString("status"), rs.getInt("silent") == 1,
                            rs.getString("session_id"), parse(rs.getString("started_at")), parse(rs.getString("finished_at")),
                            rs.getString("output"), rs.getString("error"), rs.getString("deliver"),
                            list(rs.getString("outbox_ids")), list(rs.getString("saved_files")), rs.getString("delivery_error")));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private static List<String> list(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (Exception e) {
            return List.of();
        }
    }

    static String format(Instant t) {
        return t == null ? null : FORMAT.format(t);
    }

    private static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
