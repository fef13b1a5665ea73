-- Access: accounts for the people who run and read the survey (never for
-- the staff who answer it), failed logins for the rate limit, and one-time
-- invitation codes. Sessions live in `tower_sessions`, made by the session
-- library's own migration.

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'leader', 'reader')),
    password_hash TEXT NOT NULL,
    -- Bumped when the password changes: sessions made before stop working.
    generation    INTEGER NOT NULL DEFAULT 0,
    created_on    TEXT NOT NULL
);

-- The units a leader may see reports for, by name (names carry across years).
CREATE TABLE user_units (
    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    unit      TEXT NOT NULL,
    PRIMARY KEY (user_name, unit)
);

-- Failed logins, per account and per (hashed) address, kept for the length
-- of the rate-limit window. In the database, so the limit holds whichever
-- instance gets the next attempt.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL -- unix seconds
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

-- One-time invitation codes that can still be used, by hash only. A code
-- is deleted in the transaction that stores its response: a used code
-- leaves no row that could carry a trace of that transaction (PostgreSQL
-- stamps every row with the transaction that wrote it).
CREATE TABLE invitation_codes (
    code_hash TEXT PRIMARY KEY,
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit      TEXT NOT NULL
) WITHOUT ROWID;

-- How many codes were made and used per unit, for the response rate.
CREATE TABLE code_tallies (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit     TEXT NOT NULL,
    made     INTEGER NOT NULL DEFAULT 0,
    used     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, unit)
);

-- A round that requires a code refuses answers without one.
ALTER TABLE rounds ADD COLUMN requires_code INTEGER NOT NULL DEFAULT 0;

DELETE FROM settings WHERE key = 'admin_key';
