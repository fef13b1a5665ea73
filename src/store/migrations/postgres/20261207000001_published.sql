-- What leaders and readers are shown of a closed round: its kept counts and
-- free texts as they stood when it was published (at closing, and when an
-- administrator publishes later answers that the disclosure rule lets
-- through). Later answers change the round itself, never this copy, so two
-- readings of a report can never differ by one person's answers.
CREATE TABLE published_rounds (
    round_id TEXT PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL,
    -- False once the round's answers are deleted: nothing is shown, but
    -- the copy stays, so that answers imported anew are checked against
    -- what was once shown.
    shown    BOOLEAN NOT NULL
);

CREATE TABLE published_tallies (
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit      TEXT NOT NULL,
    role      TEXT NOT NULL,
    responses BIGINT NOT NULL,
    counts    TEXT NOT NULL,
    PRIMARY KEY (round_id, unit, role)
);

-- A bag, like response_texts: the random ids say nothing of order.
CREATE TABLE published_texts (
    id       BIGINT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit     TEXT NOT NULL,
    relation TEXT,
    text     TEXT NOT NULL
);
CREATE INDEX published_texts_by_round ON published_texts (round_id);
