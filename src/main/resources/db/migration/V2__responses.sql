-- Stored Responses API objects (POST /v1/responses with store=true). The conversation itself lives in the
-- session's messages; a response row keeps the response object as returned, its chain link and its expiry.
CREATE TABLE responses (
    id                   TEXT PRIMARY KEY,
    session_id           TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    run_id               TEXT NOT NULL,
    previous_response_id TEXT,
    status               TEXT NOT NULL,
    body                 TEXT NOT NULL,   -- the response object (JSON), as GET /v1/responses/{id} returns it
    created_at           TEXT NOT NULL,
    expires_at           TEXT NOT NULL
);

CREATE INDEX responses_session ON responses (session_id);
CREATE INDEX responses_expires ON responses (expires_at);
