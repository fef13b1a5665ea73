-- Whether a round ever had answers (set when they are deleted). Its units
-- and service areas then stay as they were: reports already read, set
-- against reports on the same answers grouped anew, could give a small
-- group away by subtraction.
ALTER TABLE rounds ADD COLUMN had_answers BOOLEAN NOT NULL DEFAULT FALSE;
