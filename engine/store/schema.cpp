#include "engine/store/schema.h"

#include "engine/base/text.h"

namespace vigie::store {

// Dates are ISO text (YYYY-MM-DD), times ISO UTC text (YYYY-MM-DDTHH:MM:SSZ): they sort as text.
// Periods are text too: 2019, 2019-Q2, 2019-03.
static constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('values', 'entities', 'groups', 'evidence')),
  file_name     TEXT NOT NULL,          -- as the user named it
  sha256        TEXT NOT NULL,          -- of the file's bytes
  imported_at   TEXT NOT NULL,          -- UTC
  imported_by   TEXT NOT NULL,
  options       TEXT NOT NULL,          -- format, period, mapping... as given
  rows_read     INTEGER NOT NULL,
  rows_stored   INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  rows_unchanged INTEGER NOT NULL
);

CREATE TABLE entities (
  id           TEXT PRIMARY KEY,        -- FINESS, a group's code, or another party's code (version 6)
  kind         TEXT NOT NULL CHECK (kind IN ('establishment', 'legal_entity', 'group')),
  name         TEXT NOT NULL DEFAULT '',
  legal_entity TEXT REFERENCES entities(id),   -- site (ET) -> legal entity (EJ)
  import_id    INTEGER NOT NULL REFERENCES imports(id)
);

-- Group membership, valid from..until inclusive (NULL: open-ended).
CREATE TABLE memberships (
  group_id    TEXT NOT NULL REFERENCES entities(id),
  member_id   TEXT NOT NULL REFERENCES entities(id),
  valid_from  TEXT,
  valid_until TEXT,
  import_id   INTEGER NOT NULL REFERENCES imports(id),
  source_row  INTEGER NOT NULL,
  UNIQUE (group_id, member_id, valid_from)
);

-- Attributes that change over time: each value holds from..until inclusive (a year: Jan 1..Dec 31).
CREATE TABLE attributes (
  entity_id   TEXT NOT NULL REFERENCES entities(id),
  name        TEXT NOT NULL,
  value       TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  import_id   INTEGER NOT NULL REFERENCES imports(id),
  source_row  INTEGER NOT NULL,
  UNIQUE (entity_id, name, valid_from)
);

-- Indicator values. A correction never deletes: the old row gets superseded_by/superseded_at, so
-- "the data as it stood on D" is the rows recorded on or before D and not superseded by then.
CREATE TABLE indicator_values (
  id            INTEGER PRIMARY KEY,
  entity_id     TEXT NOT NULL REFERENCES entities(id),
  indicator     TEXT NOT NULL,
  period        TEXT NOT NULL,
  value         REAL,                    -- NULL: missing (never zero)
  missing_code  TEXT,                    -- '' (empty cell), '.c', '.z', 'NA'... when value is NULL
  unit          TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '', -- e.g. the label of a composite cell "Cataracte : 810"
  import_id     INTEGER NOT NULL REFERENCES imports(id),
  source_row    INTEGER NOT NULL,
  source_column INTEGER NOT NULL,
  recorded_at   TEXT NOT NULL,
  superseded_by INTEGER REFERENCES indicator_values(id),
  superseded_at TEXT,
  CHECK ((value IS NULL) = (missing_code IS NOT NULL))
);
CREATE UNIQUE INDEX indicator_values_current
  ON indicator_values (entity_id, indicator, period) WHERE superseded_at IS NULL;
-- History reads current rows through the unique index above and past rows through this one, which
-- only corrections touch: a first import maintains one index, not two.
CREATE INDEX indicator_values_superseded
  ON indicator_values (entity_id, indicator, period) WHERE superseded_at IS NOT NULL;

-- Milestone evidence: an entity produced a document on a date. The document stays where it is.
CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  contract    TEXT NOT NULL,
  milestone   TEXT NOT NULL,
  entity_id   TEXT NOT NULL REFERENCES entities(id),
  produced_on TEXT NOT NULL,
  document    TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  import_id   INTEGER NOT NULL REFERENCES imports(id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX evidence_by_milestone ON evidence (contract, milestone, entity_id);
)sql";

// Evaluation runs: what was evaluated (ruleset files and their SHA-256), against which data (a
// digest of the value rows read), when, with which options, and every verdict.
static constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  started_at     TEXT NOT NULL,
  run_by         TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  as_of          TEXT NOT NULL,          -- the evaluation date (periods ending after it are pending)
  data_as_of     TEXT,                   -- the data as it stood then (NULL: current)
  options        TEXT NOT NULL,
  rulesets       TEXT NOT NULL,          -- JSON: [{"path": ..., "sha256": ...}]
  data_digest    TEXT NOT NULL,
  verdicts       INTEGER NOT NULL
);
CREATE TABLE run_verdicts (
  run_id    INTEGER NOT NULL REFERENCES runs(id),
  contract  TEXT NOT NULL,
  item      TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  period    TEXT NOT NULL,
  verdict   TEXT NOT NULL,
  measured  REAL,
  target    REAL,
  PRIMARY KEY (run_id, contract, item, entity_id, period)
) WITHOUT ROWID;
)sql";

// Sealed runs. A run is recorded 'incomplete' first; once its reports are written it is sealed:
// its JSON report is kept, it becomes 'complete', and its digest (over the run, its verdicts, its
// report and the digest of the run sealed before it) chains it to the others. Runs recorded before
// this version stay 'complete' and unsealed (seal NULL): their records cannot be checked.
static constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE runs ADD COLUMN status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('incomplete', 'complete'));
ALTER TABLE runs ADD COLUMN incomplete_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN report TEXT;           -- the JSON report, as written (NULL: not sealed)
ALTER TABLE runs ADD COLUMN seal INTEGER;          -- place in the chain: 1, 2, 3... (NULL: not sealed)
ALTER TABLE runs ADD COLUMN previous_digest TEXT;  -- the digest of the run sealed before ('' for the first)
ALTER TABLE runs ADD COLUMN digest TEXT;           -- SHA-256 of the sealed record (see store/runs.cpp)
CREATE UNIQUE INDEX runs_by_seal ON runs (seal) WHERE seal IS NOT NULL;
)sql";

// Compact verdicts. A run's verdicts are stored in columns, one row per contract, item and period
// (run_results), naming entities by their place in the run's list (run_entities): a run of
// millions of verdicts is written in seconds and read back by `vigie verify`'s seal check. Runs
// recorded before stay in run_verdicts (record_format 1) and keep their seals.
static constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE runs ADD COLUMN record_format INTEGER NOT NULL DEFAULT 1;  -- 1: run_verdicts, 2: run_results
CREATE TABLE run_entities (
  run_id    INTEGER NOT NULL REFERENCES runs(id),
  position  INTEGER NOT NULL,            -- 0, 1, 2...: what run_results.entities holds
  entity_id TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
) WITHOUT ROWID;
CREATE TABLE run_results (
  run_id   INTEGER NOT NULL REFERENCES runs(id),
  contract TEXT NOT NULL,
  item     TEXT NOT NULL,
  period   TEXT NOT NULL,
  verdicts TEXT NOT NULL,   -- one letter per verdict: M met, P partially met, N not met, D missing data,
                            -- W waived, A not applicable, E pending, X error
  entities BLOB NOT NULL,   -- the i-th verdict's entity: run_entities.position, 4 bytes little-endian
  measured BLOB NOT NULL,   -- the i-th verdict's measured value: 8 bytes, IEEE 754 double little-endian, NaN: none
  target   BLOB NOT NULL,   -- the same for its target
  PRIMARY KEY (run_id, contract, item, period)
) WITHOUT ROWID;
)sql";

// Users of `vigie serve` and the audit trail. A user has one role; an establishment user is tied
// to the entities whose data it may see and declare. Passwords are kept only as libsodium's
// Argon2id strings (engine/serve/password.cpp); sessions only as the SHA-256 of their token, so a
// copy of the store opens no session. Values an establishment declares through the web are an
// import with `declared_by` set, awaiting a controller's validation. Every write of a user (added,
// removed, signed in or refused, values declared) is a row of `audit`.
static constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE users (
  login         TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK (role IN ('controller', 'establishment', 'auditor')),
  password_hash TEXT NOT NULL,           -- crypto_pwhash_str: $argon2id$v=19$m=...,t=...,p=1$salt$hash
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);
CREATE TABLE user_entities (
  login     TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,
  entity_id TEXT NOT NULL,               -- FINESS or group code; may be imported after the user
  PRIMARY KEY (login, entity_id)
) WITHOUT ROWID;
CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY,         -- SHA-256 of the cookie's token (the token is never stored)
  login        TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  address      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  login     TEXT NOT NULL,               -- the web user, or who ran the command
  action    TEXT NOT NULL,               -- user-added, user-removed, signed-in, sign-in-refused, signed-out, values-declared
  detail    TEXT NOT NULL DEFAULT '',
  import_id INTEGER REFERENCES imports(id)
);
ALTER TABLE imports ADD COLUMN declared_by TEXT;  -- the web user who declared these values (NULL: a file import)
)sql";

// Parties that are not establishments (engine/base/party_id.h): the entities' kind CHECK widened.
// SQLite cannot alter a CHECK, and rebuilding `entities` would break the foreign keys that name it;
// widening a CHECK leaves every stored row valid, so the table's declaration is rewritten in place
// (SQLite's documented procedure for it) and the schema reloaded, inside the migration's transaction.
constexpr const char* kVersion6 = R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql, 'CHECK (kind IN (''establishment'', ''legal_entity'', ''group''))',
                     'CHECK (kind IN (''establishment'', ''legal_entity'', ''group'', ''commune'', ''department'', ''region'', ''health_territory'', ''ght_territory'', ''clsm'', ''association'', ''institution''))')
 WHERE type = 'table' AND name = 'entities';
PRAGMA writable_schema = RESET;
)sql";

// A controller's review of the values an establishment declared through the web: one row per
// declaration (an import with declared_by), written once. A declaration without a row is awaiting
// validation; a rejection carries its reason. Reviews are read "as they stood" at a run's data time.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE declaration_reviews (
  import_id   INTEGER PRIMARY KEY REFERENCES imports(id),
  decision    TEXT NOT NULL CHECK (decision IN ('validated', 'rejected')),
  reason      TEXT NOT NULL DEFAULT '',  -- required for a rejection
  reviewed_by TEXT NOT NULL,             -- the controller
  reviewed_at TEXT NOT NULL
);
)sql";

// Integer keys for the values. The three texts that name a value (entity, indicator, period) are
// kept once each in small lookup tables, and indicator_values and its unique index refer to them
// by integer: a row and an index entry shrink from about 30 bytes of keys to 3-6, and the index's
// seek compares integers. Entities keep their text id (FINESS...) in `entities`; value_entities
// only numbers the ones that have values. The migration keeps every row and its id (runs' data
// digests name rows by id), numbering each text in the order of its first row. The view
// indicator_values_text gives the columns of the table as it was (docs/store.md), for the reads
// that want texts (history, declarations, info, verify's digest).
constexpr const char* kVersion8 = R"sql(
CREATE TABLE value_entities (
  key       INTEGER PRIMARY KEY,
  entity_id TEXT NOT NULL UNIQUE REFERENCES entities(id)
);
CREATE TABLE value_indicators (
  key  INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE value_periods (
  key  INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE            -- 2019, 2019-Q2, 2019-03
);
DROP INDEX indicator_values_current;
DROP INDEX indicator_values_superseded;
ALTER TABLE indicator_values RENAME TO indicator_values_7;
INSERT INTO value_entities (entity_id) SELECT entity_id FROM indicator_values_7 GROUP BY entity_id ORDER BY min(id);
INSERT INTO value_indicators (name) SELECT indicator FROM indicator_values_7 GROUP BY indicator ORDER BY min(id);
INSERT INTO value_periods (name) SELECT period FROM indicator_values_7 GROUP BY period ORDER BY min(id);
-- What a load reads comes first: a row's columns are found by reading its header up to them, and
-- the load tests superseded_at on every row (a few per cent of the load's processor time).
CREATE TABLE indicator_values (
  id            INTEGER PRIMARY KEY,
  entity_key    INTEGER NOT NULL REFERENCES value_entities(key),
  indicator_key INTEGER NOT NULL REFERENCES value_indicators(key),
  period_key    INTEGER NOT NULL REFERENCES value_periods(key),
  value         REAL,                    -- NULL: missing (never zero)
  missing_code  TEXT,                    -- '' (empty cell), '.c', '.z', 'NA'... when value is NULL
  recorded_at   TEXT NOT NULL,
  superseded_at TEXT,
  unit          TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '', -- e.g. the label of a composite cell "Cataracte : 810"
  import_id     INTEGER NOT NULL REFERENCES imports(id),
  source_row    INTEGER NOT NULL,
  source_column INTEGER NOT NULL,
  superseded_by INTEGER REFERENCES indicator_values(id),
  CHECK ((value IS NULL) = (missing_code IS NOT NULL))
);
INSERT INTO indicator_values (id, entity_key, indicator_key, period_key, value, missing_code, unit, note, import_id,
                              source_row, source_column, recorded_at, superseded_by, superseded_at)
  SELECT v.id, e.key, i.key, p.key, v.value, v.missing_code, v.unit, v.note, v.import_id, v.source_row,
         v.source_column, v.recorded_at, NULL, v.superseded_at
    FROM indicator_values_7 v
    JOIN value_entities e ON e.entity_id = v.entity_id
    JOIN value_indicators i ON i.name = v.indicator
    JOIN value_periods p ON p.name = v.period
   ORDER BY v.id;
-- The links to the correcting rows once every row is there: a row naming one not yet copied would
-- make SQLite search the whole table (superseded_by has no index) at each row inserted after it.
UPDATE indicator_values SET superseded_by = (SELECT o.superseded_by FROM indicator_values_7 o WHERE o.id = indicator_values.id)
 WHERE id IN (SELECT id FROM indicator_values_7 WHERE superseded_by IS NOT NULL);
-- Dropping a table with the foreign keys on deletes its rows one by one, each looking for rows that
-- name it in superseded_by: without this index, a search of the whole table per row.
CREATE INDEX indicator_values_7_superseded_by ON indicator_values_7 (superseded_by);
DROP TABLE indicator_values_7;
CREATE UNIQUE INDEX indicator_values_current
  ON indicator_values (entity_key, indicator_key, period_key) WHERE superseded_at IS NULL;
CREATE INDEX indicator_values_superseded
  ON indicator_values (entity_key, indicator_key, period_key) WHERE superseded_at IS NOT NULL;
CREATE VIEW indicator_values_text AS
  SELECT v.id, e.entity_id, i.name AS indicator, p.name AS period, v.value, v.missing_code, v.unit, v.note,
         v.import_id, v.source_row, v.source_column, v.recorded_at, v.superseded_by, v.superseded_at
    FROM indicator_values v
    JOIN value_entities e ON e.key = v.entity_key
    JOIN value_indicators i ON i.key = v.indicator_key
    JOIN value_periods p ON p.key = v.period_key;
)sql";

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, N_("entities, groups, attributes, indicator values with history, evidence"), kVersion1},
      {2, N_("evaluation runs and their verdicts"), kVersion2},
      {3, N_("sealed runs: status, report, hash chain"), kVersion3},
      {4, N_("compact run verdicts: one row per contract, item and period"), kVersion4},
      {5, N_("users, sessions and the audit trail; values declared by establishments"), kVersion5},
      {6, N_("parties that are not establishments: territories, CLSM, associations, institutions"), kVersion6},
      {7, N_("controllers' validation or rejection of declared values"), kVersion7},
      {8, N_("integer keys for indicator values: entities, indicators and periods numbered once"), kVersion8},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

}  // namespace vigie::store
