-- The stepped form (issue 15).
-- Which partner relations a unit rates (keys, comma-separated); NULL: all.
ALTER TABLE units ADD COLUMN relations TEXT;
-- Whether a role answers for a unit. The built-in folkevalgt does not, in
-- rounds without answers yet: a round already answered keeps asking them
-- for a unit, so one round never counts them both ways.
ALTER TABLE roles ADD COLUMN has_unit BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE roles SET has_unit = FALSE
 WHERE key = 'folkevalgt'
   AND NOT EXISTS (SELECT 1 FROM responses WHERE responses.round_id = roles.round_id);
-- Where their answers count: the whole municipality, a unit of the round
-- from the start.
INSERT INTO units (round_id, position, name, invited)
SELECT r.id,
       (SELECT COALESCE(MAX(u.position), -1) + 1 FROM units u WHERE u.round_id = r.id),
       CASE WHEN lower(trim(r.municipality)) LIKE '%kommune' THEN trim(r.municipality)
            ELSE trim(r.municipality) || ' kommune' END,
       NULL
  FROM rounds r
 WHERE EXISTS (SELECT 1 FROM roles o WHERE o.round_id = r.id AND o.has_unit = FALSE)
ON CONFLICT DO NOTHING;
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
