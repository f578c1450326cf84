-- HinksBot Gateway schema: scheduled (cron) jobs and their run history.

-- One job: what to ask, when (schedule text as the user wrote it, in the job's own time zone), where to deliver.
-- next_run_at is the occurrence the ticker claims next; NULL once a job is completed (one-shot done, repeat used up).
CREATE TABLE cron_jobs (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    prompt          TEXT NOT NULL,
    schedule        TEXT NOT NULL,
    schedule_kind   TEXT NOT NULL CHECK (schedule_kind IN ('cron', 'interval', 'once')),
    time_zone       TEXT NOT NULL,
    deliver         TEXT NOT NULL,
    tool_groups     TEXT,          -- JSON array; NULL = the gateway's default tool groups
    model           TEXT,
    profile         TEXT,
    repeat_limit    INTEGER,       -- runs after which the job completes; NULL = forever (1 for one-shot schedules)
    run_count       INTEGER NOT NULL DEFAULT 0,
    origin_platform TEXT,          -- the chat a job was created from ('origin' delivers there)
    origin_chat     TEXT,
    origin_thread   TEXT,
    state           TEXT NOT NULL CHECK (state IN ('scheduled', 'paused', 'completed')),
    anchor_at       TEXT NOT NULL, -- interval schedules count from here
    next_run_at     TEXT,
    last_run_at     TEXT,
    last_status     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX cron_jobs_due ON cron_jobs (state, next_run_at);

-- One occurrence of a job. UNIQUE (job_id, scheduled_for) is what makes an occurrence run at most once, also when
-- two ticks (or a tick after a restart) race for it: the run row is inserted in the same transaction that
-- advances next_run_at, before the agent runs.
-- status: running | ok | failed | skipped; silent = the answer was [SILENT] (nothing delivered).
-- outbox_ids: JSON array of the outbox rows the delivery wrote (their status is the delivery truth).
CREATE TABLE cron_runs (
    id             TEXT PRIMARY KEY,
    job_id         TEXT NOT NULL,
    scheduled_for  TEXT NOT NULL,
    trigger_kind   TEXT NOT NULL CHECK (trigger_kind IN ('schedule', 'manual', 'catch-up')),
    status         TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'skipped')),
    silent         INTEGER NOT NULL DEFAULT 0,
    session_id     TEXT,
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    output         TEXT,
    error          TEXT,
    deliver        TEXT,
    outbox_ids     TEXT,
    saved_files    TEXT,
    delivery_error TEXT,
    UNIQUE (job_id, scheduled_for)
);

CREATE INDEX cron_runs_job ON cron_runs (job_id, started_at);
