-- Counts kept at write time (see survey::tally): per round, unit and role,
-- the number of responses and, as JSON, the answers per column and value
-- and the joint stair steps. Updated in the transaction that stores or
-- deletes responses, so reports read these instead of every response.
-- A (round, unit, role) may be kept in several shards that add up: on
-- PostgreSQL concurrent submissions each lock a shard drawn at random
-- instead of all waiting for one row (SQLite, with one writer, uses 0).
CREATE TABLE tallies (
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit      TEXT NOT NULL,
    role      TEXT NOT NULL,
    shard     INTEGER NOT NULL DEFAULT 0,
    responses INTEGER NOT NULL,
    counts    TEXT NOT NULL,
    PRIMARY KEY (round_id, unit, role, shard)
) WITHOUT ROWID; -- kept in key order: a rowid would tell which group answered first

-- The free texts of the responses, as a bag: the id is drawn at random,
-- so neither it nor the table's order tells when a text was written.
CREATE TABLE response_texts (
    id       INTEGER PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit     TEXT NOT NULL,
    relation TEXT,
    text     TEXT NOT NULL
);
CREATE INDEX response_texts_by_round ON response_texts (round_id);

-- Rounds whose counts were built from their responses. Rounds from before
-- this migration are built when the store opens (see `build_missing_tallies`).
ALTER TABLE rounds ADD COLUMN tallied INTEGER NOT NULL DEFAULT 0;
