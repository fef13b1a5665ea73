-- Group-work sheets (Oppsummeringsark 1–3): what the groups wrote after a
-- dialogue café, a learning meeting or a dialogue conference, for a unit
-- ('' for the whole municipality) and a round. The points are a JSON list
-- of {section, text}, in order: reordering rewrites the list.
CREATE TABLE sheets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id    TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit        TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('priorities', 'look_back', 'areas')),
    title       TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    method      TEXT NOT NULL CHECK (method IN ('dialogue_cafe', 'learning_meeting', 'dialogue_conference')),
    items       TEXT NOT NULL DEFAULT '[]',
    created_on  TEXT NOT NULL
);
