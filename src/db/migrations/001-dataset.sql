-- The dataset in PostgreSQL: one table per dataset CSV (src/emit/dataset.ts lists their columns, in
-- order; every column listed there must exist here, which tests/db.test.ts checks), with proper
-- types: numeric for amounts in 元 (exact, never float), integers for counts and page numbers.
-- Besides the CSV columns: `seq` keeps each document's rows in the order a local run writes them,
-- and documents carries what the manifest, the queue and the JSON export need.
-- Columns announced for issue 14 (coverage, verification, unplaced) are here already, nullable,
-- so that change needs no migration.

CREATE TABLE documents (
  document_id         text,
  path                text PRIMARY KEY,
  file                text NOT NULL,
  sha256              text,
  -- ok | partial | failed | duplicate, as in documents.csv; queued while a worker has yet to finish it.
  status              text NOT NULL CHECK (status IN ('ok', 'partial', 'failed', 'duplicate', 'queued')),
  duplicate_of        text,
  format              text,
  pages               integer,
  encoding            text,
  kind                text,
  year                integer,
  department          text,
  tables              integer,
  tables_known        integer,
  tables_partial      integer,
  tables_illegible    integer,
  tables_empty        integer,
  cells               integer,
  flags_error         integer,
  flags_warning       integer,
  flags_info          integer,
  checks              integer,
  checks_failed       integer,
  error               text,
  tool_version        text NOT NULL,
  converted_at        timestamptz,
  -- issue 14 (coverage of the amounts in the document, a reason for `partial`)
  amounts             integer,
  amounts_placed      integer,
  amounts_unplaced    integer,
  coverage            numeric,
  tables_inconsistent integer,
  status_reason       text,
  -- not in documents.csv
  size                bigint,
  error_code          text,
  duration_ms         integer,
  -- The manifest entry a local run would write (json, not jsonb: kept byte for byte, key order included).
  entry               json,
  -- The canonical JSON of the document, exactly as a local run writes <id>.json (TOAST compresses it).
  result              json,
  -- Queue bookkeeping: the pg-boss job, how often a worker started it, which one last did.
  job_id              uuid,
  attempts            integer NOT NULL DEFAULT 0,
  worker              text,
  enqueued_at         timestamptz,
  started_at          timestamptz
);

-- A document id names one converted (or failed) document; duplicates share their original's id.
CREATE UNIQUE INDEX documents_id ON documents (lower(document_id)) WHERE status <> 'duplicate';
CREATE INDEX documents_sha ON documents (sha256, tool_version);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX documents_status ON documents (status, converted_at);
-- The export's order (code points, whatever the database's collation).
CREATE INDEX documents_path_c ON documents (path COLLATE "C");

CREATE TABLE tables (
  document_id         text NOT NULL,
  seq                 integer NOT NULL,
  table_index         integer NOT NULL,
  template            text,
  template_name       text,
  variant             text,
  title               text,
  status              text,
  pages               text,
  declared_unit       text,
  applied_unit        text,
  unit_reason         text,
  rows                integer,
  cells               integer,
  columns             text,
  notes               text,
  detection           text,
  -- a JavaScript number: double precision gives back exactly the digits that were written
  confidence          double precision,
  -- issue 14
  verification        text,
  verification_checks integer,
  verification_failed integer,
  PRIMARY KEY (document_id, seq)
);

CREATE TABLE facts (
  document_id   text NOT NULL,
  seq           integer NOT NULL,
  table_index   integer NOT NULL,
  file          text,
  department    text,
  year          integer,
  kind          text,
  template      text,
  table_title   text,
  side          text,
  row_code      text,
  row_label     text,
  column_key    text,
  column_label  text,
  yuan          numeric NOT NULL,
  raw           text,
  declared_unit text,
  applied_unit  text,
  page          integer,
  line          integer,
  corrected     text,
  PRIMARY KEY (document_id, seq)
);
CREATE INDEX facts_code ON facts (row_code, column_key);

CREATE TABLE checks (
  document_id text NOT NULL,
  seq         integer NOT NULL,
  check_id    text,
  status      text,
  message     text,
  -- expected/actual are amounts or words (大于, 小于): text; the difference is an amount
  expected    text,
  actual      text,
  difference  numeric,
  cells       text,
  PRIMARY KEY (document_id, seq)
);

CREATE TABLE flags (
  document_id text NOT NULL,
  seq         integer NOT NULL,
  kind        text,
  severity    text,
  "table"     text,
  page        integer,
  line        integer,
  message     text,
  PRIMARY KEY (document_id, seq)
);

-- issue 14: amount-like tokens not placed in any table or sentence
CREATE TABLE unplaced (
  document_id text NOT NULL,
  seq         integer NOT NULL,
  page        integer,
  box         text,
  line        integer,
  raw         text,
  reason      text,
  PRIMARY KEY (document_id, seq)
);

-- Files whose bytes were stored with the job (enqueue --upload), until they are converted.
CREATE TABLE inputs (
  sha256 text PRIMARY KEY,
  bytes  bytea NOT NULL
);
