-- Whether a round was ever open, so that a round made but never opened
-- reads "not opened yet" rather than "closed". Rounds already in the store
-- count as opened where anything shows they ran: open now, answers now or
-- once, or a published copy.
ALTER TABLE rounds ADD COLUMN was_opened BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE rounds SET was_opened = TRUE
 WHERE is_open OR had_answers
    OR EXISTS (SELECT 1 FROM responses r WHERE r.round_id = rounds.id)
    OR EXISTS (SELECT 1 FROM published_rounds p WHERE p.round_id = rounds.id);
