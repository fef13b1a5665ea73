-- Reference figures (issue 15): averages from outside the municipality, for
-- one round's columns, named by their source and year. Not answers: no
-- disclosure rule applies, and nothing here comes from a respondent.
CREATE TABLE reference_figures (
    round_id    TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    year        TEXT NOT NULL,
    column_name TEXT NOT NULL,
    mean        REAL NOT NULL,
    n           BIGINT,
    PRIMARY KEY (round_id, source, year, column_name)
);
