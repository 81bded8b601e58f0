-- include: clock
-- Complete: a worker reports an attempt's outcome. Called by the worker host.
-- The lease token decides: a report whose lease is not the run's current one (the run was failed over,
-- or already ingested) is recorded as superseded and changes nothing else; a run succeeds at most once.
-- A failed or timed-out attempt with retries left comes with a retry delay (the worker's backoff, with jitter):
-- the same run hash is reused as the next attempt, `delayed` until Redis TIME + delay, in the domain's delayed
-- set (DispatchSweep promotes it to pending when due). A run whose cancel was asked is never retried.
-- KEYS[1] run hash, KEYS[2] ingest list, KEYS[3] ingest sequence, KEYS[4] delayed zset
-- ARGV[1] domain key base, [2] domain, [3] run id, [4] attempt, [5] lease token, [6] worker id,
--     [7] slot, [8] status, [9] return code ('' = none), [10] stdout, [11] stderr,
--     [12] completion reason, [13] ingest wake channel, [14] dispatch wake channel,
--     [15] retry delay ms ('' = finish the run), [16] retries remaining after that retry
-- Returns 'completed', 'retry_scheduled' or 'superseded'.
local base, domain, run_id, lease = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
local run = redis.call('HMGET', KEYS[1], 'lease', 'status', 'worker', 'started_ms', 'cancel')
local now = hydra_now_ms()

local record = {
  seq = 0, kind = 'finished', run_id = run_id, domain = domain, attempt = tonumber(ARGV[4]),
  lease_token = lease, worker_id = ARGV[6], slot = tonumber(ARGV[7]), status = ARGV[8],
  return_code = tonumber(ARGV[9]), stdout = ARGV[10], stderr = ARGV[11],
  completion_reason = ARGV[12], at_ms = now, ended_ms = now,
}

if run[1] ~= lease then
  record.kind = 'superseded'
  record.seq = redis.call('INCR', KEYS[3])
  redis.call('RPUSH', KEYS[2], cjson.encode(record))
  redis.call('PUBLISH', ARGV[13], domain)
  return 'superseded'
end

-- The same attempt reported twice (a retry after a lost reply): the first report stands.
if run[2] == 'finished' then
  return 'completed'
end
if run[2] == 'delayed' or run[2] == 'pending' then
  return 'retry_scheduled'
end

redis.call('LREM', base .. 'inflight:' .. run[3], 1, run_id)
record.started_ms = tonumber(run[4])

local delay = tonumber(ARGV[15])
if delay and run[5] ~= '1' then
  local attempt = tonumber(ARGV[4])
  local due = now + math.max(0, math.floor(delay))
  -- The lease stays until the next claim replaces it, so the same report sent twice (a lost reply) answers
  -- from the status check above instead of being recorded as superseded.
  redis.call('HSET', KEYS[1], 'status', 'delayed', 'attempt', tostring(attempt + 1), 'worker', '', 'slot', '',
    'retries_remaining', ARGV[16], 'retry_at_ms', hydra_int(due))
  redis.call('ZADD', KEYS[4], hydra_int(due), run_id)
  record.kind = 'retry_scheduled'
  record.next_attempt = attempt + 1
  record.retries_remaining = tonumber(ARGV[16])
  record.retry_at_ms = due
  record.seq = redis.call('INCR', KEYS[3])
  redis.call('RPUSH', KEYS[2], cjson.encode(record))
  redis.call('PUBLISH', ARGV[13], domain)
  redis.call('PUBLISH', ARGV[14], domain)
  return 'retry_scheduled'
end
redis.call('HSET', KEYS[1], 'status', 'finished', 'outcome', ARGV[8], 'finished_ms', hydra_int(now))
record.seq = redis.call('INCR', KEYS[3])
redis.call('RPUSH', KEYS[2], cjson.encode(record))
redis.call('PUBLISH', ARGV[13], domain)
redis.call('PUBLISH', ARGV[14], domain)
return 'completed'
