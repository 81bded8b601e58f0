-- include: clock
-- A worker's heartbeat (every 2 s). Called by the worker host.
-- KEYS[1] worker hash, KEYS[2] heartbeats zset
-- ARGV[1] worker id
-- Returns { 'unknown' } when the hash is gone (the worker re-registers), else { state, now_ms }.
-- Later issues append to this reply (runs to cancel, leases lost); readers ignore what they do not know.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return { 'unknown' }
end

local now = hydra_int(hydra_now_ms())
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('HSET', KEYS[1], 'last_heartbeat_ms', now)
return { state, now }
