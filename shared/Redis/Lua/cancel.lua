-- include: clock
-- Cancel (POST /api/runs/{id}/cancel, and the schedules' `replace` overlap policy). Called by the function app.
-- A run that has not started this attempt (pending, delayed, dispatched) is cancelled here and now: it leaves
-- its set or its worker's queue and a `finished` record with status cancelled goes to ingest. A running one is
-- flagged and its worker told on its wake channel (`cancel:<run id>`); the heartbeat reply repeats the flag in
-- case the message was missed, and FailoverSweep ends it cancelled if the worker is gone.
-- KEYS[1] run hash, KEYS[2] pending zset, KEYS[3] delayed zset, KEYS[4] ingest list, KEYS[5] ingest sequence
-- ARGV[1] domain key base, [2] domain, [3] run id, [4] reason, [5] ingest wake channel
-- Returns { 'unknown' } | { 'cancelled', attempt } | { 'signalled', worker } | { 'finished', outcome }.
local base, domain, run_id = ARGV[1], ARGV[2], ARGV[3]
local run = redis.call('HMGET', KEYS[1], 'status', 'worker', 'attempt', 'outcome')
if not run[1] then
  return { 'unknown' }
end
if run[1] == 'finished' then
  return { 'finished', run[4] or '' }
end
if run[1] == 'running' then
  redis.call('HSET', KEYS[1], 'cancel', '1', 'cancel_reason', ARGV[4])
  redis.call('PUBLISH', base .. 'wake:' .. run[2], 'cancel:' .. run_id)
  return { 'signalled', run[2] }
end

redis.call('ZREM', KEYS[2], run_id)
redis.call('ZREM', KEYS[3], run_id)
if run[1] == 'dispatched' and run[2] and run[2] ~= '' then
  redis.call('LREM', base .. 'queue:' .. run[2], 0, run_id)
end

local now = hydra_now_ms()
redis.call('HSET', KEYS[1], 'status', 'finished', 'outcome', 'cancelled', 'finished_ms', hydra_int(now))
-- No worker ran this attempt: worker_id and lease are empty, and ingest records no worker for it.
local record = {
  seq = redis.call('INCR', KEYS[5]), kind = 'finished', run_id = run_id, domain = domain,
  attempt = tonumber(run[3]) or 1, worker_id = '', slot = 0, lease_token = '', status = 'cancelled',
  completion_reason = ARGV[4], at_ms = now, ended_ms = now,
}
redis.call('RPUSH', KEYS[4], cjson.encode(record))
redis.call('PUBLISH', ARGV[5], domain)
return { 'cancelled', run[3] }
