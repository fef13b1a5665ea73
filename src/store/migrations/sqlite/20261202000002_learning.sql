-- The learning loop: areas chosen from a round's results (poster
-- statements or stair relations, for a unit or, with unit '', the whole
-- municipality), their measures, and the reflection written after the
-- next round. No response is linked to any of it. Ids are never reused
-- (AUTOINCREMENT), so a stale form cannot reach a newer area or measure.
CREATE TABLE areas (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id         TEXT NOT NULL REFERENCES rounds(id),
    unit             TEXT NOT NULL DEFAULT '',
    target_kind      TEXT NOT NULL CHECK (target_kind IN ('statement', 'relation')),
    target           TEXT NOT NULL,
    purpose          TEXT NOT NULL CHECK (purpose IN ('improve', 'keep')),
    why              TEXT NOT NULL,
    did              TEXT NOT NULL DEFAULT '',
    learned          TEXT NOT NULL DEFAULT '',
    success_criteria TEXT NOT NULL DEFAULT '',
    causes           TEXT NOT NULL DEFAULT '',
    created_on       TEXT NOT NULL,
    UNIQUE (round_id, unit, target_kind, target)
);

CREATE TABLE measures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    area_id     INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    what        TEXT NOT NULL,
    responsible TEXT NOT NULL,
    deadline    TEXT,
    status      TEXT NOT NULL CHECK (status IN ('planned', 'under_way', 'done', 'dropped')),
    status_on   TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measures_by_area ON measures (area_id);
