-- include: clock
-- Complete: a worker reports an attempt's outcome. Called by the worker host.
-- The lease token decides: a report whose lease is not the run's current one (the run was failed over,
-- or already ingested) is recorded as superseded and changes nothing else; a run succeeds at most once.
-- KEYS[1] run hash, KEYS[2] ingest list, KEYS[3] ingest sequence
-- ARGV[1] domain key base, [2] domain, [3] run id, [4] attempt, [5] lease token, [6] worker id,
--     [7] slot, [8] status, [9] return code ('' = none), [10] stdout, [11] stderr,
--     [12] completion reason, [13] ingest wake channel, [14] dispatch wake channel
-- Returns 'completed' or 'superseded'.
local base, domain, run_id, lease = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
local run = redis.call('HMGET', KEYS[1], 'lease', 'status', 'worker', 'started_ms')
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

-- Extension point for retries (a later issue): a retry-at would put the run into the delayed set
-- here instead of finishing it. The C# facade refuses a retry-at until then.

redis.call('LREM', base .. 'inflight:' .. run[3], 1, run_id)
redis.call('HSET', KEYS[1], 'status', 'finished', 'outcome', ARGV[8], 'finished_ms', hydra_int(now))
record.started_ms = tonumber(run[4])
record.seq = redis.call('INCR', KEYS[3])
redis.call('RPUSH', KEYS[2], cjson.encode(record))
redis.call('PUBLISH', ARGV[13], domain)
redis.call('PUBLISH', ARGV[14], domain)
return 'completed'
