-- A version below the newest applied one, merged after it (test only): Flyway applies it out of order.
CREATE TABLE late_branch (x INTEGER);
