-- Lifecycle events written by the example hook route routes/audit-example.yaml (disabled until a user enables it)
-- through jdbc:gatewayDb. The gateway itself never writes here, so the table stays empty unless that route runs.
-- It is a migration rather than DDL in the route so the schema has one owner: later migrations can see and evolve
-- it, and the route needs nothing but an INSERT. Numbered 20 to leave V12..V19 to work on other branches.
-- Only named fields are kept, never a command's arguments or any message text.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event      TEXT NOT NULL,   -- the hook: agent:start | agent:step | agent:end | session:start | session:end |
                                -- session:reset | command:<name> | gateway:startup
    at         TEXT NOT NULL,   -- when the gateway published it, UTC ISO-8601
    session_id TEXT,
    run_id     TEXT,
    platform   TEXT,            -- chat platform (session and command events)
    status     TEXT,            -- agent:end: completed | failed | cancelled
    detail     TEXT             -- agent:end: the stop reason or the error code
);

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_session ON audit_log (session_id, id);
