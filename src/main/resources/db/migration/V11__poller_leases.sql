-- One poller per platform account (issue 12, "token locks"): a gateway polls a bot token, Slack workspace or mailbox
-- only while it holds the lease row; another gateway on the same database waits and takes over when it expires.
CREATE TABLE poller_leases (
    name       TEXT PRIMARY KEY,   -- e.g. telegram:<bot id> (never the secret part of a token)
    owner      TEXT NOT NULL,      -- the holding gateway instance
    expires_at TEXT NOT NULL       -- UTC ISO-8601; renewed while the owner polls
);
