PRAGMA user_version=8;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
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
, declared_by TEXT);
INSERT INTO imports VALUES(1,'entities','etablissements.csv','68a4f6a9c1690142189b775f7b1ce633c32ffc2d28ea739c666c7c000e0fa09b','2026-01-01T00:00:00Z','golden','format=entities period=2019',2,6,0,0,NULL);
INSERT INTO imports VALUES(2,'values','valeurs.csv','e52820bbe6d55d63d24442fbd1898534b42c69972f262ff5109d311c3e8ba583','2026-01-01T00:00:00Z','golden','format=long',2,2,0,0,NULL);
CREATE TABLE entities (
  id           TEXT PRIMARY KEY,        -- FINESS, a group's code, or another party's code (version 6)
  kind         TEXT NOT NULL CHECK (kind IN ('establishment', 'legal_entity', 'group', 'commune', 'department', 'region', 'health_territory', 'ght_territory', 'clsm', 'association', 'institution')),
  name         TEXT NOT NULL DEFAULT '',
  legal_entity TEXT REFERENCES entities(id),   -- site (ET) -> legal entity (EJ)
  import_id    INTEGER NOT NULL REFERENCES imports(id)
);
INSERT INTO entities VALUES('080000037','establishment','CH DE SEDAN',NULL,1);
INSERT INTO entities VALUES('080000615','establishment','CH CHARLEVILLE MEZIERES',NULL,1);
CREATE TABLE memberships (
  group_id    TEXT NOT NULL REFERENCES entities(id),
  member_id   TEXT NOT NULL REFERENCES entities(id),
  valid_from  TEXT,
  valid_until TEXT,
  import_id   INTEGER NOT NULL REFERENCES imports(id),
  source_row  INTEGER NOT NULL,
  UNIQUE (group_id, member_id, valid_from)
);
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
INSERT INTO attributes VALUES('080000037','cat','CH','2019-01-01','2019-12-31',1,2);
INSERT INTO attributes VALUES('080000037','taille_MCO','T2','2019-01-01','2019-12-31',1,2);
INSERT INTO attributes VALUES('080000615','cat','CH','2019-01-01','2019-12-31',1,3);
INSERT INTO attributes VALUES('080000615','taille_MCO','T3','2019-01-01','2019-12-31',1,3);
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
, status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('incomplete', 'complete')), incomplete_reason TEXT NOT NULL DEFAULT '', report TEXT, seal INTEGER, previous_digest TEXT, digest TEXT, record_format INTEGER NOT NULL DEFAULT 1);
INSERT INTO runs VALUES(1,'2026-01-01T00:00:00Z','golden','0.1.0','2020-01-01',NULL,'all contracts','[{"path":"catalog.vigie","sha256":"2bf9545f91b323819a28d9957c5114cb0a22576c20fbf05cddfc43a85d6aa1d1"},{"path":"contract.vigie","sha256":"3f4d903077cb14b81bf4ee93a30865b08d5d37f743833da673348e6d89c4771a"}]','b8e5ab323528c78979f05cb56e70680e9989a8c128cdab056c4d549ec72fc7d9',2,'complete','',replace('{\n  "schema_version": "2",\n  "language": "en",\n  "engine": "vigie",\n  "engine_version": "0.1.0",\n  "generated_at": "2026-01-01T00:00:00Z",\n  "as_of": "2020-01-01",\n  "data_as_of": null,\n  "run_id": 1,\n  "store": "vigie.db",\n  "data_digest": "b8e5ab323528c78979f05cb56e70680e9989a8c128cdab056c4d549ec72fc7d9",\n  "rulesets": [\n    {\n      "path": "catalog.vigie",\n      "sha256": "2bf9545f91b323819a28d9957c5114cb0a22576c20fbf05cddfc43a85d6aa1d1"\n    },\n    {\n      "path": "contract.vigie",\n      "sha256": "3f4d903077cb14b81bf4ee93a30865b08d5d37f743833da673348e6d89c4771a"\n    }\n  ],\n  "counts": {\n    "met": 1,\n    "partially_met": 1\n  },\n  "sources": [\n    {\n      "id": 1,\n      "file": "valeurs.csv",\n      "sha256": "e52820bbe6d55d63d24442fbd1898534b42c69972f262ff5109d311c3e8ba583",\n      "import_id": 2,\n      "imported_at": "2026-01-01T00:00:00Z",\n      "declared": null\n    }\n  ],\n  "contracts": [\n    {\n      "name": "cp",\n      "title": "Vérification",\n      "kind": "",\n      "authority": "",\n      "signed": null,\n      "period": "2019..2019",\n      "scoring": {\n        "basis": "commitment",\n        "written": false\n      },\n      "template": null,\n      "parties": [\n        "080000037",\n        "080000615"\n      ],\n      "counts": {\n        "met": 1,\n        "partially_met": 1\n      },\n      "entities": [\n        {\n          "id": "080000037",\n          "name": "CH DE SEDAN",\n          "group": false\n        },\n        {\n          "id": "080000615",\n          "name": "CH CHARLEVILLE MEZIERES",\n          "group": false\n        }\n      ],\n      "items": [\n        {\n          "name": "ambu60",\n          "title": "",\n          "clause": "Art. 2",\n          "clause_text": null,\n          "kind": "commitment",\n          "indicator": "ambu",\n          "unit": "percent",\n          "applies_to": "the contract''s parties",\n          "weight": "1",\n          "tolerance": "2 pts",\n          "due": null,\n          "targets": [\n            {\n              "period": "2019",\n              "rule": ">= 60"\n            }\n          ],\n          "counts": {\n            "met": 1,\n            "partially_met": 1\n          },\n          "verdicts": [\n            {\n              "entity": "080000037",\n              "period": "2019",\n              "verdict": "met",\n              "reason": "60 % ≥ 60 %",\n              "measured": 60.0,\n              "target": 60.0,\n              "comparator": ">=",\n              "band": null,\n              "inputs": [\n                {\n                  "entity": "080000037",\n                  "indicator": "ambu",\n                  "period": "2019",\n                  "role": "value",\n                  "value": 60.0,\n                  "missing_code": null,\n                  "unit": "percent",\n                  "source": 1,\n                  "row": 2,\n                  "column": 21\n                }\n              ],\n              "waiver": null,\n              "members": [],\n              "evidence": null,\n              "days_late": null\n            },\n            {\n              "entity": "080000615",\n              "period": "2019",\n              "verdict": "partially_met",\n              "reason": "58 % misses ≥ 60 % but is within the tolerance of 2 pts",\n              "measured": 58.0,\n              "target": 60.0,\n              "comparator": ">=",\n              "band": [\n                58.0,\n                60.0\n              ],\n              "inputs": [\n                {\n                  "entity": "080000615",\n                  "indicator": "ambu",\n                  "period": "2019",\n                  "role": "value",\n                  "value": 58.0,\n                  "missing_code": null,\n                  "unit": "percent",\n                  "source": 1,\n                  "row": 3,\n                  "column": 21\n                }\n              ],\n              "waiver": null,\n              "members": [],\n              "evidence": null,\n              "days_late": null\n            }\n          ]\n        }\n      ],\n      "waivers": [],\n      "scores": [\n        {\n          "year": "2019",\n          "score": "0.75",\n          "parts": [\n            {\n              "item": "ambu60",\n              "weight": "1",\n              "mean": "0.75",\n              "verdicts": 2\n            }\n          ]\n        }\n      ],\n      "entity_scores": [\n        {\n          "year": "2019",\n          "entity": "080000037",\n          "score": "1",\n          "parts": [\n            {\n              "item": "ambu60",\n              "weight": "1",\n              "mean": "1",\n              "verdicts": 1\n            }\n          ]\n        },\n        {\n          "year": "2019",\n          "entity": "080000615",\n          "score": "0.5",\n          "parts": [\n            {\n              "item": "ambu60",\n              "weight": "1",\n              "mean": "0.5",\n              "verdicts": 1\n            }\n          ]\n        }\n      ],\n      "payments": [\n        {\n          "name": "part",\n          "title": "",\n          "year": "2019",\n          "amount_eur": "11250.00",\n          "score": "0.75",\n          "reason": null,\n          "read": [],\n          "inputs": []\n        }\n      ]\n    }\n  ],\n  "files": [\n    {\n      "name": "report.md",\n      "sha256": "f6d12fa4cc850b5316b4c75bb4692f41dc97100e08db28b1016847e7289d1fa0"\n    },\n    {\n      "name": "report.csv",\n      "sha256": "788ad1d19c34e5c09fe9475a17fe9efb73027cfa319f855149798b8c0a27898e"\n    },\n    {\n      "name": "report.html",\n      "sha256": "071d855eebe18c509c9bbe25e6161d3e05be4c29893179740cf669749e840ba3"\n    }\n  ]\n}\n','\n',char(10)),1,'','e4e20e9cf72f9171619dbc1d1d7065dc05922c74aaa4f401ac7f4e32720b05ac',2);
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
CREATE TABLE run_entities (
  run_id    INTEGER NOT NULL REFERENCES runs(id),
  position  INTEGER NOT NULL,            -- 0, 1, 2...: what run_results.entities holds
  entity_id TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
) WITHOUT ROWID;
INSERT INTO run_entities VALUES(1,0,'080000037');
INSERT INTO run_entities VALUES(1,1,'080000615');
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
INSERT INTO run_results VALUES(1,'cp','ambu60','2019','MP',X'0000000001000000',X'0000000000004e400000000000004d40',X'0000000000004e400000000000004e40');
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
CREATE TABLE declaration_reviews (
  import_id   INTEGER PRIMARY KEY REFERENCES imports(id),
  decision    TEXT NOT NULL CHECK (decision IN ('validated', 'rejected')),
  reason      TEXT NOT NULL DEFAULT '',  -- required for a rejection
  reviewed_by TEXT NOT NULL,             -- the controller
  reviewed_at TEXT NOT NULL
);
CREATE TABLE value_entities (
  key       INTEGER PRIMARY KEY,
  entity_id TEXT NOT NULL UNIQUE REFERENCES entities(id)
);
INSERT INTO value_entities VALUES(1,'080000037');
INSERT INTO value_entities VALUES(2,'080000615');
CREATE TABLE value_indicators (
  key  INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO value_indicators VALUES(1,'ambu');
CREATE TABLE value_periods (
  key  INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE            -- 2019, 2019-Q2, 2019-03
);
INSERT INTO value_periods VALUES(1,'2019');
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
INSERT INTO indicator_values VALUES(1,1,1,1,60.0,NULL,'2026-01-01T00:00:00Z',NULL,'percent','',2,2,21,NULL);
INSERT INTO indicator_values VALUES(2,2,1,1,58.0,NULL,'2026-01-01T00:00:00Z',NULL,'percent','',2,3,21,NULL);
CREATE INDEX evidence_by_milestone ON evidence (contract, milestone, entity_id);
CREATE UNIQUE INDEX runs_by_seal ON runs (seal) WHERE seal IS NOT NULL;
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
COMMIT;
