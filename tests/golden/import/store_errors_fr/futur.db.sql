-- A store written by a newer vigie: schema version 99.
CREATE TABLE imports (id INTEGER PRIMARY KEY);
PRAGMA user_version = 99;
