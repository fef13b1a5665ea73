-- The stepped form (issue 15).
-- Which partner relations a unit rates (keys, comma-separated); NULL: all.
ALTER TABLE units ADD COLUMN relations TEXT;
-- Whether a role answers for a unit; the built-in folkevalgt does not.
ALTER TABLE roles ADD COLUMN has_unit BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE roles SET has_unit = FALSE WHERE key = 'folkevalgt';
-- Answers in progress, under the form's one-time token, until the last
-- step stores the response (and deletes the draft in the same
-- transaction). The day only, so stale drafts can be cleared; no time.
CREATE TABLE drafts (
    token    TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    fields   TEXT NOT NULL,
    saved_on TEXT NOT NULL
);
CREATE INDEX drafts_by_day ON drafts (saved_on);
