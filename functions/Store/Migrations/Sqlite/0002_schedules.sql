-- Schedules: runs may be born 'missed' (misfire) or 'skipped' (overlap: forbid), and a scheduled run carries a
-- note saying why it is not an ordinary on-time slot. The due-jobs index (jobs_due) exists since 0001.
--
-- SQLite cannot alter a CHECK constraint, so runs is rebuilt (https://www.sqlite.org/lang_altertable.html,
-- "other kinds of table schema changes"). The migration runs inside one transaction with foreign keys on, so
-- the order matters: attempts (the child) is copied to a new table that references the new runs first, the old
-- attempts is dropped, and only then the old runs, which by then has no children (dropping a parent with
-- children would cascade-delete them). RENAME then points attempts_new's reference at the new runs name.

CREATE TABLE runs_new (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  job_id TEXT NOT NULL,
  user_name TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed', 'timed_out', 'cancelled', 'missed', 'skipped')),
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
  updated_at TEXT NOT NULL,
  schedule_note TEXT
) STRICT;

INSERT INTO runs_new (id, domain, job_id, user_name, status, priority, created_at, scheduled_at, schedule_mode,
  trigger_type, executor_type, attempt, retries_remaining, worker_id, slot, started_at, ended_at, return_code, stdout,
  stderr, completion_reason, queue_latency_ms, dispatch, idempotency_key, updated_at)
SELECT id, domain, job_id, user_name, status, priority, created_at, scheduled_at, schedule_mode,
  trigger_type, executor_type, attempt, retries_remaining, worker_id, slot, started_at, ended_at, return_code, stdout,
  stderr, completion_reason, queue_latency_ms, dispatch, idempotency_key, updated_at
FROM runs;

CREATE TABLE attempts_new (
  run_id TEXT NOT NULL REFERENCES runs_new (id) ON DELETE CASCADE,
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

INSERT INTO attempts_new SELECT * FROM attempts;

DROP TABLE attempts;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;
ALTER TABLE attempts_new RENAME TO attempts;

CREATE INDEX runs_job_created ON runs (job_id, created_at DESC, id DESC);
CREATE INDEX runs_domain_created ON runs (domain, created_at DESC, id DESC);
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_active ON runs (status, updated_at) WHERE status IN ('queued', 'running');
CREATE INDEX runs_ended ON runs (ended_at) WHERE ended_at IS NOT NULL;
CREATE UNIQUE INDEX runs_idempotency ON runs (domain, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Overlap checks look for a job's queued or running runs.
CREATE INDEX runs_job_active ON runs (job_id) WHERE status IN ('queued', 'running');
