-- include: clock
-- Every worker of a domain with its computed load, for GET /api/workers, /health and FailoverSweep.
-- KEYS[1] heartbeats zset
-- ARGV[1] domain key base ("P:{d}:")
-- Returns { now_ms, { id, heartbeat_ms, { hash field, value, ... }, { queued ids }, { inflight ids } }, ... }.
local base = ARGV[1]
local out = { hydra_int(hydra_now_ms()) }
local beats = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #beats, 2 do
  local id = beats[i]
  local hash = redis.call('HGETALL', base .. 'worker:' .. id)
  if #hash > 0 then
    out[#out + 1] = {
      id, beats[i + 1], hash,
      redis.call('LRANGE', base .. 'queue:' .. id, 0, -1),
      redis.call('LRANGE', base .. 'inflight:' .. id, 0, -1),
    }
  end
end
return out
