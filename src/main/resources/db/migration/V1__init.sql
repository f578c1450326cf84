-- HinksBot Gateway schema v1.
-- Portable SQL (TEXT/INTEGER, ISO-8601 UTC text timestamps); only the *_fts objects are SQLite-specific.
-- Statements end with ';' at end of line; trigger bodies end at a line 'END;' (see Migrations.split).

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    model         TEXT,
    system_prompt TEXT,
    tool_options  TEXT,          -- JSON array of tool names; NULL = gateway defaults
    max_turns     INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE INDEX sessions_updated_at ON sessions (updated_at);

-- seq is a global, strictly increasing insertion counter (set to MAX(seq)+1 inside the single writer's
-- transaction). It gives a stable order for messages created in the same millisecond and a stable integer
-- key for the FTS index (the implicit rowid of a TEXT-keyed table may change on VACUUM).
CREATE TABLE messages (
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
    status            TEXT NOT NULL CHECK (status IN ('complete', 'cancelled', 'failed')),
    token_count       INTEGER,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    duration_ms       INTEGER,
    created_at        TEXT NOT NULL
);

CREATE INDEX messages_session_created ON messages (session_id, created_at);
CREATE INDEX messages_session_seq ON messages (session_id, seq);
CREATE INDEX messages_created ON messages (created_at);

CREATE TABLE tool_executions (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    message_id  TEXT,
    session_id  TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    run_id      TEXT,
    tool_name   TEXT NOT NULL,
    args        TEXT,
    result      TEXT,
    success     INTEGER NOT NULL,
    error       TEXT,
    duration_ms INTEGER,
    created_at  TEXT NOT NULL
);

CREATE INDEX tool_executions_session_seq ON tool_executions (session_id, seq);
CREATE INDEX tool_executions_created ON tool_executions (created_at);

-- Full-text search (SQLite FTS5). Only user and assistant text is indexed. The index is "external content"
-- over a view of exactly those rows, so FTS5 'rebuild' and 'integrity-check' agree with the triggers.
CREATE VIEW messages_fts_source AS
    SELECT seq, content FROM messages WHERE role IN ('user', 'assistant');

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content,
    content = 'messages_fts_source',
    content_rowid = 'seq',
    tokenize = 'porter unicode61'
);

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

-- Session titles are searchable too. Self-contained (sessions have no stable integer key); few rows, so
-- deleting by the UNINDEXED session_id is cheap enough.
CREATE VIRTUAL TABLE sessions_fts USING fts5(
    title,
    session_id UNINDEXED,
    tokenize = 'porter unicode61'
);

CREATE TRIGGER sessions_fts_ai AFTER INSERT ON sessions
BEGIN
    INSERT INTO sessions_fts (title, session_id) VALUES (new.title, new.id);
END;

CREATE TRIGGER sessions_fts_au AFTER UPDATE OF title ON sessions
BEGIN
    DELETE FROM sessions_fts WHERE session_id = old.id;
    INSERT INTO sessions_fts (title, session_id) VALUES (new.title, new.id);
END;

CREATE TRIGGER sessions_fts_ad AFTER DELETE ON sessions
BEGIN
    DELETE FROM sessions_fts WHERE session_id = old.id;
END;
