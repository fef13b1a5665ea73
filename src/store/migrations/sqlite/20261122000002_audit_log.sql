-- What was done to the data, and when (date only, no person): deleting a
-- round's responses is irreversible, so it leaves a trace.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    on_date TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
