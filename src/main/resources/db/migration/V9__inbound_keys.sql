-- Idempotent intake: the stable key of every platform message the gateway has taken (telegram:<bot>:<update_id>,
-- slack:<channel>:<ts>, mail:<Message-ID>). A key is written in the same transaction as the stored message (or its
-- waiting-message row), so a message the platform sends again after a restart is recognised and dropped.
-- seq is Telegram's update_id: after a restart getUpdates starts at MAX(seq) + 1 of the bot's source, which also
-- confirms to Telegram every update already stored.
CREATE TABLE inbound_keys (
    key        TEXT PRIMARY KEY,
    source     TEXT NOT NULL,   -- telegram:<bot>, slack:<channel>, mail
    seq        INTEGER,
    created_at TEXT NOT NULL
);

CREATE INDEX inbound_keys_source ON inbound_keys (source, seq);

-- Outbox statuses: 'sending' while an attempt is in flight (a row still 'sending' at start-up was cut off by a crash)
-- and 'unknown' for a send whose outcome could not be learned and that the platform would not recognise as a
-- duplicate if it were repeated (shown, never sent again on its own). SQLite cannot change a CHECK: the table is rebuilt.
CREATE TABLE outbox_v9 (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE,
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    thread_id       TEXT,
    text            TEXT NOT NULL,
    meta            TEXT,
    part            INTEGER NOT NULL DEFAULT 1,
    parts           INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'unknown')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    ack_id          TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    delivered_at    TEXT
);

INSERT INTO outbox_v9 (id, seq, platform, chat_id, thread_id, text, meta, part, parts, status, attempts, next_attempt_at,
                       last_error, ack_id, created_at, updated_at, delivered_at)
SELECT id, seq, platform, chat_id, thread_id, text, meta, part, parts, status, attempts, next_attempt_at,
       last_error, ack_id, created_at, updated_at, delivered_at FROM outbox;

DROP TABLE outbox;

ALTER TABLE outbox_v9 RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX outbox_chat ON outbox (platform, chat_id, seq);
