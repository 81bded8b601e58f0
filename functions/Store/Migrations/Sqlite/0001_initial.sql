-- Initial schema. STRICT tables so a wrongly typed value fails instead of being stored as something else.
-- Instants are TEXT 'yyyy-MM-ddTHH:mm:ss.fffZ' (UTC, fixed width), so they sort and compare as instants;
-- booleans are INTEGER 0/1; documents are JSON text (validated by json() on write).

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE domains (
  domain TEXT PRIMARY KEY,
  display_name TEXT,
  description TEXT,
  token_hash TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  next_run_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  document TEXT NOT NULL
) STRICT;

CREATE INDEX jobs_domain_created ON jobs (domain, created_at DESC, id DESC);
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_due ON jobs (next_run_at) WHERE enabled = 1;
-- Name search is a substring match on lower(name); this narrows it to the domain and serves prefix lookups.
CREATE INDEX jobs_domain_name ON jobs (domain, lower(name));

-- runs.job_id has no foreign key to jobs on purpose: deleting a job keeps its run history.
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  job_id TEXT NOT NULL,
  user_name TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed', 'timed_out', 'cancelled')),
  priority INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  scheduled_at TEXT,
  schedule_mode TEXT,
  trigger_type TEXT NOT NULL,
  executor_type TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  retries_remaining INTEGER NOT NULL,
  worker_id TEXT,
  slot INTEGER,
  started_at TEXT,
  ended_at TEXT,
  return_code INTEGER,
  stdout TEXT,
  stderr TEXT,
  completion_reason TEXT,
  queue_latency_ms INTEGER,
  dispatch TEXT NOT NULL,
  idempotency_key TEXT,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX runs_job_created ON runs (job_id, created_at DESC, id DESC);
CREATE INDEX runs_domain_created ON runs (domain, created_at DESC, id DESC);
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_active ON runs (status, updated_at) WHERE status IN ('queued', 'running');
CREATE INDEX runs_ended ON runs (ended_at) WHERE ended_at IS NOT NULL;
CREATE UNIQUE INDEX runs_idempotency ON runs (domain, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE attempts (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  domain TEXT NOT NULL,
  worker_id TEXT,
  slot INTEGER,
  lease_token TEXT,
  status TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  return_code INTEGER,
  stdout TEXT,
  stderr TEXT,
  completion_reason TEXT,
  superseded INTEGER NOT NULL CHECK (superseded IN (0, 1)),
  PRIMARY KEY (run_id, attempt)
) STRICT;
