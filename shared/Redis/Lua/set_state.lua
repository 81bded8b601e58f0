-- An operator (POST /api/workers/{id}/state) or FailoverSweep (offline) sets a worker's state.
-- KEYS[1] worker hash
-- ARGV[1] state, [2] domain, [3] dispatch wake channel
-- Returns 0 when the worker is unknown, 1 otherwise.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end

redis.call('HSET', KEYS[1], 'state', ARGV[1])
-- A worker back online may take pending runs at once.
if ARGV[1] == 'online' then
  redis.call('PUBLISH', ARGV[3], ARGV[2])
end
return 1
