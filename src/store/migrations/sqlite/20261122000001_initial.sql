-- The survey loop: rounds with their structure, anonymous responses,
-- one-time submission tokens (idempotency), and settings.

CREATE TABLE rounds (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    municipality TEXT NOT NULL,
    period       TEXT NOT NULL,
    is_open      INTEGER NOT NULL DEFAULT 0,
    created_on   TEXT NOT NULL,
    -- Bumped on every change to the round (open/close, a unit or role
    -- added), so a process can keep a parsed round and check it with one
    -- cheap query.
    version      INTEGER NOT NULL DEFAULT 0
);

-- The definition text is copied into the round so that its wording never
-- changes under it, whatever happens to surveys/ later.
CREATE TABLE round_instruments (
    round_id      TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    instrument_id TEXT NOT NULL,
    definition    TEXT NOT NULL,
    PRIMARY KEY (round_id, position)
);

CREATE TABLE units (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    invited  INTEGER,
    PRIMARY KEY (round_id, name)
);

CREATE TABLE relations (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key      TEXT NOT NULL,
    label    TEXT NOT NULL,
    PRIMARY KEY (round_id, key)
);

CREATE TABLE roles (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key      TEXT NOT NULL,
    label    TEXT NOT NULL,
    PRIMARY KEY (round_id, key)
);

-- Anonymous by construction: no person, no code, no IP, no user agent, and
-- the date only. `answers` is a JSON array in the order of the round's
-- columns (see survey::answer::encode_answers).
CREATE TABLE responses (
    id           INTEGER PRIMARY KEY,
    round_id     TEXT NOT NULL,
    unit         TEXT NOT NULL,
    role         TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    answers      TEXT NOT NULL,
    FOREIGN KEY (round_id, unit) REFERENCES units (round_id, name),
    FOREIGN KEY (round_id, role) REFERENCES roles (round_id, key)
);
CREATE INDEX responses_by_group ON responses (round_id, unit, role);

-- A token is put in every rendered form; storing it with the response in one
-- transaction makes a second click or a refresh a no-op. It is not linked to
-- the response row.
CREATE TABLE submission_tokens (
    token   TEXT PRIMARY KEY,
    used_on TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
