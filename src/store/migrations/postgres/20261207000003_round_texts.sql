-- The two texts an administrator writes for the politicians' summary of a
-- round (seed 004): what the municipality has achieved ("nyskapingshistorier")
-- and where to put the weight of innovation next.
CREATE TABLE round_texts (
    round_id TEXT PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    achieved TEXT NOT NULL,
    direction TEXT NOT NULL,
    updated_on TEXT NOT NULL
);
