-- Each round keeps its own minimum group size (k) and the fewest
-- respondents a unit needs before its free text is shown (checked to be
-- at least k when a round is made).
ALTER TABLE rounds ADD COLUMN k INTEGER NOT NULL DEFAULT 5 CHECK (k >= 3);
ALTER TABLE rounds ADD COLUMN k_comments INTEGER NOT NULL DEFAULT 5 CHECK (k_comments >= 3);
