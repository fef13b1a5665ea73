-- Service areas (tjenesteområder): the area a unit belongs to, if any.
-- Reports show each area between the units and the municipality, under
-- the disclosure rule. Fixed once the round has answers, like the units.
ALTER TABLE units ADD COLUMN area TEXT;
