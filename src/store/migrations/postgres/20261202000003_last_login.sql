-- The day an account last signed in (YYYY-MM-DD), for the administrator's
-- list of accounts; no time of day, and nothing about answers.
ALTER TABLE users ADD COLUMN last_login TEXT;
