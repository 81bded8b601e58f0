-- include: clock
-- A worker's heartbeat (every 2 s). Called by the worker host.
-- The worker names the attempts it is running with their leases; the reply tells it which of those leases are
-- gone (failed over while it was away, or Redis lost the run) so it stops them, and which were asked to cancel
-- (the fallback for a missed `cancel:` message on its wake channel). It also presents its domain token's hash:
-- a token that is no longer the domain's (rotated, or the domain deleted) disables the worker and refuses it.
-- KEYS[1] worker hash, KEYS[2] heartbeats zset, KEYS[3] the domain's token hash
-- ARGV[1] worker id, [2] domain key base, [3] SHA-256 hex of the worker's token ('' = not checked),
--     then (run id, lease token) pairs
-- Returns { 'unknown' } when the hash is gone (the worker re-registers); { 'refused' } when its token was refused
-- (the worker must stop); else { state, now_ms, { run ids whose lease is gone }, { run ids to cancel } }. An
-- `offline` state means FailoverSweep declared the worker dead: it registers again. Readers ignore what they do
-- not know.
local fields = redis.call('HMGET', KEYS[1], 'state', 'refused')
local state = fields[1]
if not state then
  return { 'unknown' }
end

if fields[2] == '1' then
  return { 'refused' }
end

if ARGV[3] ~= '' then
  local expected = redis.call('GET', KEYS[3])
  if expected and expected ~= ARGV[3] then
    redis.call('HSET', KEYS[1], 'state', 'disabled', 'refused', '1')
    return { 'refused' }
  end
end

local now = hydra_int(hydra_now_ms())
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('HSET', KEYS[1], 'last_heartbeat_ms', now)

local lost, cancel = {}, {}
for i = 4, #ARGV, 2 do
  local run = redis.call('HMGET', ARGV[2] .. 'run:' .. ARGV[i], 'lease', 'cancel')
  if run[1] ~= ARGV[i + 1] then
    lost[#lost + 1] = ARGV[i]
  elseif run[2] == '1' then
    cancel[#cancel + 1] = ARGV[i]
  end
end
return { state, now, lost, cancel }
