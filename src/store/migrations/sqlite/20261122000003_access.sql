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

-- One-time invitation codes. Only a hash of the code is kept. `used` is a
-- flag with no time, and the table is ordered by hash, not by issue or use:
-- nothing here or in `responses` tells which response a code gave.
CREATE TABLE invitation_codes (
    code_hash TEXT PRIMARY KEY,
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit      TEXT NOT NULL,
    used      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- A round that requires a code refuses answers without one.
ALTER TABLE rounds ADD COLUMN requires_code INTEGER NOT NULL DEFAULT 0;

DELETE FROM settings WHERE key = 'admin_key';
