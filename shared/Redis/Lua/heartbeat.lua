-- include: clock
-- A worker's heartbeat (every 2 s). Called by the worker host.
-- KEYS[1] worker hash, KEYS[2] heartbeats zset, KEYS[3] the domain's token hash
-- ARGV[1] worker id, [2] SHA-256 hex of the worker's domain token (absent: an older caller, not checked here)
-- Returns { 'unknown' } when the hash is gone (the worker re-registers); { 'refused' } when the worker's token was
-- refused (rotated, or the domain deleted): the worker must stop; else { state, now_ms }.
-- Later issues append to this reply (runs to cancel, leases lost); readers ignore what they do not know.
local fields = redis.call('HMGET', KEYS[1], 'state', 'refused')
local state = fields[1]
if not state then
  return { 'unknown' }
end

if fields[2] == '1' then
  return { 'refused' }
end

if ARGV[2] then
  local expected = redis.call('GET', KEYS[3])
  if expected and expected ~= ARGV[2] then
    redis.call('HSET', KEYS[1], 'state', 'disabled', 'refused', '1')
    return { 'refused' }
  end
end

local now = hydra_int(hydra_now_ms())
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('HSET', KEYS[1], 'last_heartbeat_ms', now)
return { state, now }
