-- The function app publishes a domain's token hash (on create, rotate, delete and its periodic sync).
-- KEYS[1] the domain's token hash key, KEYS[2] heartbeats zset
-- ARGV[1] the SHA-256 hex of the domain's current token, or 'deleted' (a tombstone no worker hash matches),
--     ARGV[2] the domain's key base (P:{d}:)
-- Every registered worker whose token hash differs is disabled and marked refused at once, in this same step, so
-- no run is dispatched to it after a rotation; its next heartbeat answers 'refused' and it exits.
-- Returns the number of workers refused.
redis.call('SET', KEYS[1], ARGV[1])
local refused = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local key = ARGV[2] .. 'worker:' .. id
  local w = redis.call('HMGET', key, 'token_hash', 'refused')
  if w[2] ~= '1' and redis.call('EXISTS', key) == 1 and w[1] ~= ARGV[1] then
    redis.call('HSET', key, 'state', 'disabled', 'refused', '1')
    refused = refused + 1
  end
end
return refused
