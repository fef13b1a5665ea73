-- What leaders and readers are shown of a closed round: its kept counts and
-- free texts as they stood when it was published (at closing, and when an
-- administrator publishes later answers that the disclosure rule lets
-- through). Later answers change the round itself, never these copies, so
-- two readings of a report can never differ by one person's answers. Every
-- version stays: a new one is checked against each that was ever shown.
CREATE TABLE published_rounds (
    round_id TEXT PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    -- The newest version, the one shown.
    version  BIGINT NOT NULL,
    -- False once the round's answers are deleted: nothing is shown, but
    -- the copies stay, so that answers imported anew are checked against
    -- what was once shown.
    shown    BOOLEAN NOT NULL
);

CREATE TABLE published_tallies (
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    version   BIGINT NOT NULL,
    unit      TEXT NOT NULL,
    role      TEXT NOT NULL,
    responses BIGINT NOT NULL,
    counts    TEXT NOT NULL,
    PRIMARY KEY (round_id, version, unit, role)
);

-- A bag, like response_texts: the random ids say nothing of order.
CREATE TABLE published_texts (
    id       BIGINT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    version  BIGINT NOT NULL,
    unit     TEXT NOT NULL,
    relation TEXT,
    text     TEXT NOT NULL
);
CREATE INDEX published_texts_by_round ON published_texts (round_id, version);

-- Rounds whose results leaders and readers may have read under the rule of
-- before December 2026: they go on showing no more than that rule showed
-- (see analysis/DISCLOSURE.md, "Rounds read under the earlier rule").
ALTER TABLE rounds ADD COLUMN legacy_rule BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE rounds SET legacy_rule = TRUE
 WHERE is_open = FALSE
   AND (had_answers OR EXISTS (SELECT 1 FROM responses WHERE responses.round_id = rounds.id));
