-- Who created a job: 'chat:telegram:123' style for /cron in a chat (with the user: 'user:telegram:456'), 'api',
-- 'cli', or 'tool:<session id>' for the agent's cronjob tool. NULL for jobs made before this column existed.
ALTER TABLE cron_jobs ADD COLUMN created_by TEXT;
