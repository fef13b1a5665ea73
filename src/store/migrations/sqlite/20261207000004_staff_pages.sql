-- A closed round's results page for everyone (issue 27.4): published by an
-- administrator on a date, withdrawn by deleting the row.
CREATE TABLE staff_pages (
    round_id TEXT PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    published_on TEXT NOT NULL
);
