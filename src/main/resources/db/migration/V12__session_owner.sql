-- Users are isolated from each other (issue 12): every session records whose it is.
-- owner: 'user:<platform>:<user id>' for a direct chat, 'group:<platform>:<chat id>' for a group or channel chat,
-- NULL for sessions of the web UI, the API and cron, which belong to the admins.
ALTER TABLE sessions ADD COLUMN owner TEXT;

CREATE INDEX sessions_owner ON sessions (owner, updated_at);

-- Existing rows: the chat of the session's latest run with a chat origin (runs.origin is the inbound message as JSON,
-- recorded since V10), else the chat whose session key is bound to it now (agent:main:{platform}:{chat_type}:{chat_id}…;
-- a DM's chat id is its user on Telegram and e-mail). Sessions with neither stay NULL: they are the admins', never
-- another user's, so a guess can only hide a session from a user, not show it to the wrong one.
UPDATE sessions SET owner = (
    SELECT CASE WHEN json_extract(r.origin, '$.chat_type') = 'dm'
                THEN 'user:' || json_extract(r.origin, '$.platform') || ':' || json_extract(r.origin, '$.user_id')
                ELSE 'group:' || json_extract(r.origin, '$.platform') || ':' || json_extract(r.origin, '$.chat_id') END
    FROM runs r
    WHERE r.session_id = sessions.id AND r.origin IS NOT NULL AND json_valid(r.origin)
    ORDER BY r.started_at DESC LIMIT 1)
WHERE owner IS NULL;

UPDATE sessions SET owner = (
    SELECT CASE WHEN k.chat_type = 'dm' THEN 'user:' ELSE 'group:' END || k.platform || ':'
           || CASE WHEN instr(k.tail, ':') > 0 THEN substr(k.tail, 1, instr(k.tail, ':') - 1) ELSE k.tail END
    FROM (SELECT t.session_id, t.platform, t.last_active_at,
                 substr(t.rest, 1, instr(t.rest, ':') - 1) AS chat_type,
                 substr(t.rest, instr(t.rest, ':') + 1) AS tail
          FROM (SELECT session_id, platform, last_active_at,
                       substr(session_key, length('agent:main:' || platform || ':') + 1) AS rest
                FROM channel_sessions WHERE session_key LIKE 'agent:main:%') t) k
    WHERE k.session_id = sessions.id AND k.chat_type <> ''
    ORDER BY k.last_active_at DESC LIMIT 1)
WHERE owner IS NULL;
