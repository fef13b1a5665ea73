-- The PostgreSQL schema: the same tables as SQLite's migrations 1–3, in one
-- step. Each municipality (tenant) has its own schema with these tables; the
-- connection's search_path selects it, so no query can reach another's rows.

CREATE TABLE rounds (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    municipality  TEXT NOT NULL,
    period        TEXT NOT NULL,
    is_open       BOOLEAN NOT NULL DEFAULT FALSE,
    requires_code BOOLEAN NOT NULL DEFAULT FALSE,
    created_on    TEXT NOT NULL,
    -- Bumped on every change, so an instance can keep a parsed round and
    -- check it with one cheap query.
    version       BIGINT NOT NULL DEFAULT 0
);

-- The definition text is copied into the round so its wording never changes.
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

-- Anonymous by construction: no person, no code, no address, date only.
CREATE TABLE responses (
    id           BIGSERIAL PRIMARY KEY,
    round_id     TEXT NOT NULL,
    unit         TEXT NOT NULL,
    role         TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    answers      TEXT NOT NULL,
    FOREIGN KEY (round_id, unit) REFERENCES units (round_id, name),
    FOREIGN KEY (round_id, role) REFERENCES roles (round_id, key)
);
CREATE INDEX responses_by_group ON responses (round_id, unit, role);
CREATE INDEX responses_by_round ON responses (round_id, id);

-- One-time form tokens (a second click stores nothing twice); not linked to
-- the response.
CREATE TABLE submission_tokens (
    token   TEXT PRIMARY KEY,
    used_on TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    on_date TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'leader', 'reader')),
    password_hash TEXT NOT NULL,
    generation    BIGINT NOT NULL DEFAULT 0,
    created_on    TEXT NOT NULL
);

CREATE TABLE user_units (
    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    unit      TEXT NOT NULL,
    PRIMARY KEY (user_name, unit)
);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

-- Codes that can still be used, by hash only. A used code is deleted in
-- the transaction that stores its response: an updated row would carry
-- that transaction's id (xmin), the same as the response's, and so link them.
CREATE TABLE invitation_codes (
    code_hash TEXT PRIMARY KEY,
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit      TEXT NOT NULL
);

-- How many codes were made and used per unit.
CREATE TABLE code_tallies (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit     TEXT NOT NULL,
    made     BIGINT NOT NULL DEFAULT 0,
    used     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, unit)
);
