-- Helpers for giving a run back to dispatch, prepended by LuaSource on "-- include: requeue" (needs clock.lua
-- and eligibility.lua before it, for hydra_int and hydra_pending_score). Used by failover, register (a worker
-- restarted), release (a worker shutting down) and promote_delayed.

-- Back to the domain's pending set at the given attempt, off any worker, keeping its priority and age, so
-- a failed-over run is not pushed behind newer work (hydra-jobs dropped the priority here).
local function hydra_requeue(base, run_id, attempt)
  local run_key = base .. 'run:' .. run_id
  local r = redis.call('HMGET', run_key, 'priority', 'enqueued_ms')
  redis.call('HSET', run_key, 'status', 'pending', 'attempt', tostring(attempt), 'worker', '', 'slot', '', 'lease', '')
  redis.call('ZADD', base .. 'pending',
    hydra_int(hydra_pending_score(tonumber(r[1]) or 5, tonumber(r[2]) or 0)), run_id)
end

-- A running attempt its worker can no longer finish (the worker stopped heartbeating, restarted, or shut
-- down before it ended). Recorded as a visible `lost` attempt, and the run goes back to pending as the next
-- attempt, without spending a retry. When a cancel was asked meanwhile, the run ends `cancelled` instead.
-- The caller removes the id from the worker's inflight list.
-- Returns 'lost', 'cancelled', or nil when the run is not that worker's running attempt (a stale entry).
local function hydra_attempt_lost(base, domain, run_id, worker, reason, now, ingest_key, seq_key)
  local run_key = base .. 'run:' .. run_id
  local run = redis.call('HMGET', run_key, 'status', 'worker', 'attempt', 'lease', 'slot', 'started_ms', 'cancel')
  if run[1] ~= 'running' or run[2] ~= worker then
    return nil
  end

  local attempt = tonumber(run[3]) or 1
  local record = {
    seq = 0, kind = 'lost', run_id = run_id, domain = domain, attempt = attempt, worker_id = worker,
    slot = tonumber(run[5]) or 0, lease_token = run[4] or '', at_ms = now, started_ms = tonumber(run[6]),
    ended_ms = now, status = 'lost', completion_reason = reason, next_attempt = attempt + 1,
  }
  local result = 'lost'
  if run[7] == '1' then
    record.kind = 'finished'
    record.status = 'cancelled'
    record.completion_reason = 'cancelled (' .. reason .. ')'
    record.next_attempt = nil
    redis.call('HSET', run_key, 'status', 'finished', 'outcome', 'cancelled', 'lease', '',
      'finished_ms', hydra_int(now))
    result = 'cancelled'
  else
    hydra_requeue(base, run_id, attempt + 1)
  end

  record.seq = redis.call('INCR', seq_key)
  redis.call('RPUSH', ingest_key, cjson.encode(record))
  return result
end
