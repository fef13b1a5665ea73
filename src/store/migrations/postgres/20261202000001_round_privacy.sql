-- Each round keeps its own minimum group size (k) and the fewest
-- respondents a unit needs before its free text is shown.
ALTER TABLE rounds ADD COLUMN k BIGINT NOT NULL DEFAULT 5 CHECK (k >= 3);
ALTER TABLE rounds ADD COLUMN k_comments BIGINT NOT NULL DEFAULT 5;
ALTER TABLE rounds ADD CONSTRAINT rounds_k_comments CHECK (k_comments >= k);
