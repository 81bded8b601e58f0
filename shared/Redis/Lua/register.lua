-- include: clock
-- include: eligibility
-- include: requeue
-- A worker (re-)registers. Called by the worker host at start and after a heartbeat answered "unknown" or
-- "offline".
-- KEYS[1] worker hash, KEYS[2] heartbeats zset, KEYS[3] the worker's inflight list, KEYS[4] ingest list,
--     KEYS[5] ingest sequence, KEYS[6] the domain's token hash
-- ARGV[1] worker id, [2] domain, [3] os, [4] tags JSON, [5] allowed_users JSON, [6] hostname,
--     [7] max_concurrency, [8] requested state, [9] version, [10] started_at, [11] capabilities JSON,
--     [12] dispatch wake channel, [13] '1' when the worker process just started, [14] ingest wake channel,
--     [15] domain key base, [16] SHA-256 hex of the worker's domain token ('' when it has none)
-- Returns { state, { run ids left in the inflight list by a previous life }, verified }, or { 'refused', {}, 0 }
-- when the domain's token hash (written by the function app) differs from the worker's: nothing is written then.
-- A domain the app has not published (Redis lost its data, or the app has not started yet) registers unverified;
-- the app's next token sync refuses the worker if its hash does not match (see domain_token.lua).
-- A worker that just started runs nothing, so every attempt a previous life of the same WORKER_ID left in flight
-- is failed over here and now (recorded lost, re-dispatched as the next attempt) instead of waiting for the TTL.
-- A running worker that registers again (Redis lost its hash, or it was declared offline) keeps its inflight
-- list: its heartbeat's lease check sorts out which of those attempts are still its own.
local expected = redis.call('GET', KEYS[6])
if expected and expected ~= ARGV[16] then
  return { 'refused', {}, 0 }
end

local now = hydra_now_ms()
local base, domain, worker = ARGV[15], ARGV[2], ARGV[1]

-- An operator's draining/disabled outlives a restart of the worker; anything else (the worker's own draining
-- on shutdown, failover's offline, a refusal of a token since replaced) is replaced.
-- state_by says who set the state: an operator (or nobody recorded it, as before state_by existed) or not.
local state, state_by = ARGV[8], 'worker'
local persisted = redis.call('HMGET', KEYS[1], 'state', 'state_by', 'refused')
if (persisted[1] == 'draining' or persisted[1] == 'disabled') and (persisted[2] or 'operator') == 'operator'
    and persisted[3] ~= '1' then
  state, state_by = persisted[1], 'operator'
end

redis.call('HSET', KEYS[1],
  'id', ARGV[1], 'domain', ARGV[2], 'os', ARGV[3], 'tags', ARGV[4], 'allowed_users', ARGV[5],
  'hostname', ARGV[6], 'max_concurrency', ARGV[7], 'state', state, 'state_by', state_by, 'version', ARGV[9],
  'started_at', ARGV[10], 'capabilities', ARGV[11], 'token_hash', ARGV[16],
  'registered_ms', hydra_int(now), 'last_heartbeat_ms', hydra_int(now))
redis.call('HDEL', KEYS[1], 'refused')
redis.call('ZADD', KEYS[2], hydra_int(now), ARGV[1])

local leftovers = redis.call('LRANGE', KEYS[3], 0, -1)
if ARGV[13] == '1' and #leftovers > 0 then
  for _, run_id in ipairs(leftovers) do
    hydra_attempt_lost(base, domain, run_id, worker, 'lost: worker ' .. worker .. ' restarted', now, KEYS[4], KEYS[5])
  end
  redis.call('DEL', KEYS[3])
  redis.call('PUBLISH', ARGV[14], domain)
  redis.call('PUBLISH', ARGV[12], domain)
end

if state == 'online' then
  redis.call('PUBLISH', ARGV[12], ARGV[2])
end

return { state, leftovers, expected and 1 or 0 }
