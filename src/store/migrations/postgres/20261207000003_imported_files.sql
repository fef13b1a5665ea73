-- The files imported into a round, by fingerprint (a sum of one hash per
-- response; see csvio/fingerprint.rs), so that the same file uploaded twice
-- is asked about instead of doubling the round. Nothing here reads back
-- to an answer or a person; the rows go when the round's answers do.
CREATE TABLE imported_files (
    round_id    TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (round_id, fingerprint)
);
