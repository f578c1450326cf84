-- Crash recovery (issue 13 part 4): answers are checkpointed while they stream, and runs are recorded so that a
-- restart knows which answers were in flight, closes them as 'interrupted' and tells their chat once.

-- Message statuses gain 'streaming' (an answer being written; its text is checkpointed at most every ~500 ms) and
-- 'interrupted' (the gateway stopped or died while writing it). SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt (https://sqlite.org/lang_altertable.html#otheralter). seq is kept, so the FTS index, whose
-- rowid is seq, stays valid; its view and triggers name the table and are recreated around the rebuild. No table
-- has a foreign key to messages.
DROP TRIGGER messages_fts_ai;
DROP TRIGGER messages_fts_ad;
DROP TRIGGER messages_fts_au;
DROP VIEW messages_fts_source;

CREATE TABLE messages_v10 (
    id                TEXT PRIMARY KEY,
    seq               INTEGER NOT NULL UNIQUE,
    session_id        TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    run_id            TEXT,
    role              TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content           TEXT,
    reasoning         TEXT,
    tool_calls        TEXT,      -- JSON, assistant messages only
    tool_call_id      TEXT,
    tool_name         TEXT,
    status            TEXT NOT NULL CHECK (status IN ('complete', 'cancelled', 'failed', 'streaming', 'interrupted')),
    token_count       INTEGER,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    duration_ms       INTEGER,
    created_at        TEXT NOT NULL
);

INSERT INTO messages_v10 (id, seq, session_id, run_id, role, content, reasoning, tool_calls, tool_call_id, tool_name,
                          status, token_count, prompt_tokens, completion_tokens, duration_ms, created_at)
    SELECT id, seq, session_id, run_id, role, content, reasoning, tool_calls, tool_call_id, tool_name,
           status, token_count, prompt_tokens, completion_tokens, duration_ms, created_at
    FROM messages;

DROP TABLE messages;
ALTER TABLE messages_v10 RENAME TO messages;

CREATE INDEX messages_session_created ON messages (session_id, created_at);
CREATE INDEX messages_session_seq ON messages (session_id, seq);
CREATE INDEX messages_created ON messages (created_at);
CREATE INDEX messages_status ON messages (status);

CREATE VIEW messages_fts_source AS
    SELECT seq, content FROM messages WHERE role IN ('user', 'assistant');

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages
WHEN new.role IN ('user', 'assistant')
BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.seq, new.content);
END;

CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages
WHEN old.role IN ('user', 'assistant')
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
END;

CREATE TRIGGER messages_fts_au AFTER UPDATE OF content, role ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content)
        SELECT 'delete', old.seq, old.content WHERE old.role IN ('user', 'assistant');
    INSERT INTO messages_fts (rowid, content)
        SELECT new.seq, new.content WHERE new.role IN ('user', 'assistant');
END;

-- One row per run of a stored session, written with the run's input. status: running | completed | cancelled |
-- failed | interrupted. origin: the chat platform message the run answers (JSON; NULL for the WebSocket and the
-- API), which is where the restart notice goes. notified_at is set in the same transaction that queues the notice
-- in the outbox, so a chat hears about an interrupted answer once, not once per restart.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
    origin      TEXT,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    notified_at TEXT
);

CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_session ON runs (session_id);
