-- Schedules: runs may be born 'missed' (misfire) or 'skipped' (overlap: forbid), and a scheduled run carries a
-- note saying why it is not an ordinary on-time slot. The due-jobs index (jobs_due) exists since 0001.

ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
  CHECK (status IN ('queued', 'running', 'success', 'failed', 'timed_out', 'cancelled', 'missed', 'skipped'));
ALTER TABLE runs ADD COLUMN schedule_note text;

-- Overlap checks look for a job's queued or running runs.
CREATE INDEX runs_job_active ON runs (job_id) WHERE status IN ('queued', 'running');
