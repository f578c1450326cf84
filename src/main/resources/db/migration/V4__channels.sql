-- HinksBot Gateway schema v2: messaging channels (chat platform sessions, pairing, home channels, outbox).

-- Which gateway session a chat platform conversation is bound to, by session key
-- (agent:main:{platform}:{chat_type}:{chat_id}[:{thread_id}][:{user_id}]). A reset binds the key to a new session.
CREATE TABLE channel_sessions (
    session_key    TEXT PRIMARY KEY,
    session_id     TEXT NOT NULL,
    platform       TEXT NOT NULL,
    reset_pending  INTEGER NOT NULL DEFAULT 0,  -- 1 = an automatic reset happened and the user was not told yet
    last_active_at TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE INDEX channel_sessions_session ON channel_sessions (session_id);

-- Users approved through DM pairing.
CREATE TABLE paired_users (
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT,
    approved_at TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
);

-- Pending pairing codes: only a salted hash of the code is stored.
CREATE TABLE pairing_codes (
    id         TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    user_name  TEXT,
    chat_id    TEXT,
    salt       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX pairing_codes_platform ON pairing_codes (platform, expires_at);

-- Failed approval attempts (wrong codes); five within an hour lock approvals for the platform.
CREATE TABLE pairing_failures (
    id        TEXT PRIMARY KEY,
    platform  TEXT NOT NULL,
    failed_at TEXT NOT NULL
);

CREATE INDEX pairing_failures_platform ON pairing_failures (platform, failed_at);

-- Home channels set with /sethome (they take precedence over gateway.<platform>.home-channel).
CREATE TABLE home_channels (
    platform  TEXT PRIMARY KEY,
    chat_id   TEXT NOT NULL,
    thread_id TEXT,
    set_at    TEXT NOT NULL
);

-- Every outgoing chat platform message, written before it is sent and marked delivered only on the platform's
-- acknowledgement. status: pending | delivered | failed.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE,
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    thread_id       TEXT,
    text            TEXT NOT NULL,
    meta            TEXT,          -- JSON: platform extras (mail subject and threading headers)
    part            INTEGER NOT NULL DEFAULT 1,
    parts           INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    ack_id          TEXT,          -- the platform's id for the sent message
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    delivered_at    TEXT
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_created ON outbox (created_at);
