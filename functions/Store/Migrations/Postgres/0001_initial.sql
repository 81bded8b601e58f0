-- Initial schema. Instants are timestamptz (UTC, truncated to milliseconds by the store); documents are jsonb.
-- Ids are compared and sorted byte-wise (COLLATE "C") so keyset cursors order the same as on SQLite.

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE domains (
  domain text PRIMARY KEY,
  display_name text,
  description text,
  token_hash text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE jobs (
  id text COLLATE "C" PRIMARY KEY,
  domain text NOT NULL,
  name text NOT NULL,
  enabled boolean NOT NULL,
  next_run_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL,
  document jsonb NOT NULL
);

CREATE INDEX jobs_domain_created ON jobs (domain, created_at DESC, id DESC);
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_due ON jobs (next_run_at) WHERE enabled;
-- Name search is a substring match on lower(name); this index narrows it to the domain and serves prefix and
-- exact lookups. A trigram index would serve substrings but needs the pg_trgm extension, which managed servers gate.
CREATE INDEX jobs_domain_name ON jobs (domain, lower(name));

-- runs.job_id has no foreign key to jobs on purpose: deleting a job keeps its run history.
CREATE TABLE runs (
  id text COLLATE "C" PRIMARY KEY,
  domain text NOT NULL,
  job_id text COLLATE "C" NOT NULL,
  user_name text,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed', 'timed_out', 'cancelled')),
  priority integer NOT NULL,
  created_at timestamptz NOT NULL,
  scheduled_at timestamptz,
  schedule_mode text,
  trigger_type text NOT NULL,
  executor_type text NOT NULL,
  attempt integer NOT NULL,
  retries_remaining integer NOT NULL,
  worker_id text,
  slot integer,
  started_at timestamptz,
  ended_at timestamptz,
  return_code integer,
  stdout text,
  stderr text,
  completion_reason text,
  queue_latency_ms bigint,
  dispatch jsonb NOT NULL,
  idempotency_key text,
  updated_at timestamptz NOT NULL
);

CREATE INDEX runs_job_created ON runs (job_id, created_at DESC, id DESC);
CREATE INDEX runs_domain_created ON runs (domain, created_at DESC, id DESC);
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_active ON runs (status, updated_at) WHERE status IN ('queued', 'running');
CREATE INDEX runs_ended ON runs (ended_at) WHERE ended_at IS NOT NULL;
CREATE UNIQUE INDEX runs_idempotency ON runs (domain, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE attempts (
  run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  domain text NOT NULL,
  worker_id text,
  slot integer,
  lease_token text,
  status text NOT NULL,
  started_at timestamptz,
  ended_at timestamptz,
  return_code integer,
  stdout text,
  stderr text,
  completion_reason text,
  superseded boolean NOT NULL,
  PRIMARY KEY (run_id, attempt)
);
