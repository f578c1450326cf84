-- A migration that fails half-way (test only): the first statement must be rolled back with the second.
CREATE TABLE half_done (x INTEGER);

INSERT INTO no_such_table (x) VALUES (1);
