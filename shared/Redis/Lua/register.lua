-- include: clock
-- A worker (re-)registers. Called by the worker host at start and after a heartbeat answered "unknown".
-- KEYS[1] worker hash, KEYS[2] heartbeats zset, KEYS[3] the worker's inflight list, KEYS[4] the domain's token hash
-- ARGV[1] worker id, [2] domain, [3] os, [4] tags JSON, [5] allowed_users JSON, [6] hostname,
--     [7] max_concurrency, [8] requested state, [9] version, [10] started_at, [11] capabilities JSON,
--     [12] dispatch wake channel, [13] SHA-256 hex of the worker's domain token ('' when it has none)
-- Returns { state, { run ids left in the inflight list by a previous life }, verified }, or { 'refused', {}, 0 }
-- when the domain's token hash (written by the function app) differs from the worker's: nothing is written then.
-- A domain the app has not published (Redis lost its data, or the app has not started yet) registers unverified;
-- the app's next token sync refuses the worker if its hash does not match (see domain_token.lua).
local expected = redis.call('GET', KEYS[4])
if expected and expected ~= ARGV[13] then
  return { 'refused', {}, 0 }
end

local now = hydra_now_ms()

-- An operator's draining/disabled outlives a restart of the worker; anything else is replaced. A worker that was
-- disabled because its token was refused starts afresh once it presents the right token.
local state = ARGV[8]
local persisted = redis.call('HMGET', KEYS[1], 'state', 'refused')
if (persisted[1] == 'draining' or persisted[1] == 'disabled') and persisted[2] ~= '1' then
  state = persisted[1]
end

redis.call('HSET', KEYS[1],
  'id', ARGV[1], 'domain', ARGV[2], 'os', ARGV[3], 'tags', ARGV[4], 'allowed_users', ARGV[5],
  'hostname', ARGV[6], 'max_concurrency', ARGV[7], 'state', state, 'version', ARGV[9],
  'started_at', ARGV[10], 'capabilities', ARGV[11], 'token_hash', ARGV[13],
  'registered_ms', hydra_int(now), 'last_heartbeat_ms', hydra_int(now))
redis.call('HDEL', KEYS[1], 'refused')
redis.call('ZADD', KEYS[2], hydra_int(now), ARGV[1])

if state == 'online' then
  redis.call('PUBLISH', ARGV[12], ARGV[2])
end

return { state, redis.call('LRANGE', KEYS[3], 0, -1), expected and 1 or 0 }
