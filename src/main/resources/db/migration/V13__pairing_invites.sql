-- /pair (issue 12): an admin asks for a one-time code and a new user sends it in a DM to be paired at once.
-- Only a salted hash of the code is stored, as for DM pairing codes.
CREATE TABLE pairing_invites (
    id         TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    created_by TEXT NOT NULL,      -- the admin who asked: 'user:<platform>:<user id>'
    salt       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX pairing_invites_platform ON pairing_invites (platform, expires_at);

-- Wrong codes now count against the user who sent them (their lockout), not the platform: the CLI and admins who
-- approve are never locked out. Rows from before have no user and lock nobody.
ALTER TABLE pairing_failures ADD COLUMN user_id TEXT;

CREATE INDEX pairing_failures_user ON pairing_failures (platform, user_id, failed_at);
