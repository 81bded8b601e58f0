-- include: clock
-- A worker (re-)registers. Called by the worker host at start and after a heartbeat answered "unknown".
-- KEYS[1] worker hash, KEYS[2] heartbeats zset, KEYS[3] the worker's inflight list
-- ARGV[1] worker id, [2] domain, [3] os, [4] tags JSON, [5] allowed_users JSON, [6] hostname,
--     [7] max_concurrency, [8] requested state, [9] version, [10] started_at, [11] capabilities JSON,
--     [12] dispatch wake channel
-- Returns { state, { run ids left in the inflight list by a previous life } }.
local now = hydra_now_ms()

-- An operator's draining/disabled outlives a restart of the worker; anything else is replaced.
local state = ARGV[8]
local persisted = redis.call('HGET', KEYS[1], 'state')
if persisted == 'draining' or persisted == 'disabled' then
  state = persisted
end

redis.call('HSET', KEYS[1],
  'id', ARGV[1], 'domain', ARGV[2], 'os', ARGV[3], 'tags', ARGV[4], 'allowed_users', ARGV[5],
  'hostname', ARGV[6], 'max_concurrency', ARGV[7], 'state', state, 'version', ARGV[9],
  'started_at', ARGV[10], 'capabilities', ARGV[11],
  'registered_ms', hydra_int(now), 'last_heartbeat_ms', hydra_int(now))
redis.call('ZADD', KEYS[2], hydra_int(now), ARGV[1])

if state == 'online' then
  redis.call('PUBLISH', ARGV[12], ARGV[2])
end

return { state, redis.call('LRANGE', KEYS[3], 0, -1) }
