-- include: clock
-- include: eligibility
-- DispatchSweep (and the dispatch wake): place waiting runs on workers that can take them now.
-- KEYS[1] pending zset
-- ARGV[1] domain key base, [2] max runs to scan, [3] heartbeat ttl ms
-- Returns how many runs were placed.
-- A run no worker can take is skipped, never blocking the ones behind it; the walk stops early
-- once no worker has a free slot.
local base = ARGV[1]
local now, ttl = hydra_now_ms(), tonumber(ARGV[3])
local candidates = hydra_candidates(base, now, ttl)
if not hydra_any_free(candidates) then
  return 0
end

local placed = 0
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
for _, run_id in ipairs(ids) do
  local run = redis.call('HMGET', base .. 'run:' .. run_id, 'status', 'requirements')
  if run[1] ~= 'pending' then
    -- The run hash is gone (ingested, cancelled) or the run was placed another way: a stale entry.
    redis.call('ZREM', KEYS[1], run_id)
  else
    local req = cjson.decode(run[2])
    local worker = hydra_pick(candidates, req)
    if worker then
      hydra_assign(base, run_id, worker)
      redis.call('HDEL', base .. 'run:' .. run_id, 'pending_reason')
      redis.call('ZREM', KEYS[1], run_id)
      placed = placed + 1
      if not hydra_any_free(candidates) then
        break
      end
    else
      -- Workers changed since dispatch wrote the reason (that is why this walk runs): say why now.
      redis.call('HSET', base .. 'run:' .. run_id, 'pending_reason', hydra_pending_reason(base, now, ttl, req))
    end
  end
end
return placed
