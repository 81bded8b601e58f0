-- include: clock
-- include: eligibility
-- Submit/reconcile: make a run known to Redis and place it. Called by the function app.
-- Idempotent per run id: when the run hash exists nothing changes.
-- KEYS[1] run hash, KEYS[2] pending zset
-- ARGV[1] domain key base, [2] run id, [3] payload JSON, [4] attempt, [5] priority,
--     [6] enqueued_ms ('' = now), [7] requirements JSON, [8] heartbeat ttl ms
-- Returns { 'known', status, worker } | { 'dispatched', worker } | { 'pending', '' }.
if redis.call('EXISTS', KEYS[1]) == 1 then
  local s = redis.call('HMGET', KEYS[1], 'status', 'worker')
  return { 'known', s[1] or '', s[2] or '' }
end

local base, run_id = ARGV[1], ARGV[2]
local now = hydra_now_ms()
local priority = math.max(0, math.min(100, math.floor(tonumber(ARGV[5]) or 5)))
local enqueued = tonumber(ARGV[6]) or now

redis.call('HSET', KEYS[1],
  'run_id', run_id, 'payload', ARGV[3], 'attempt', ARGV[4], 'status', 'pending',
  'priority', hydra_int(priority), 'enqueued_ms', hydra_int(enqueued),
  'requirements', ARGV[7], 'created_ms', hydra_int(now))

local req = cjson.decode(ARGV[7])
local worker = hydra_pick(hydra_candidates(base, now, tonumber(ARGV[8])), req)
if worker then
  hydra_assign(base, run_id, worker)
  return { 'dispatched', worker.id }
end

redis.call('HSET', KEYS[1], 'pending_reason', hydra_pending_reason(base, now, tonumber(ARGV[8]), req))
redis.call('ZADD', KEYS[2], hydra_int(hydra_pending_score(priority, enqueued)), run_id)
return { 'pending', '' }
