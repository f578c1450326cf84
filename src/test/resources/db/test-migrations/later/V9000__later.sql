-- A migration added after the move to Flyway (test only): a table, a row, and a trigger whose body has its own ';'.
CREATE TABLE later_notes (
    id   INTEGER PRIMARY KEY,
    note TEXT NOT NULL
);

CREATE TABLE later_counts (
    total INTEGER NOT NULL
);

INSERT INTO later_counts (total) VALUES (0);

CREATE TRIGGER later_notes_count AFTER INSERT ON later_notes
BEGIN
    UPDATE later_counts SET total = total + 1;
    UPDATE later_counts SET total = total + 0;
END;

INSERT INTO later_notes (note) SELECT title FROM sessions;
