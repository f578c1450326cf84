-- Messages that wait for a busy session (busy guard: queue, interrupt, steer), so a restart does not drop them.
-- origin is the chat platform message as JSON (null for the WebSocket); a row is deleted once its message runs.
CREATE TABLE waiting_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    mode       TEXT NOT NULL,   -- queue | interrupt | steer
    text       TEXT NOT NULL,
    origin     TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX waiting_messages_session ON waiting_messages (session_id, id);
