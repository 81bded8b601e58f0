-- include: clock
-- include: eligibility
-- include: requeue
-- An operator (POST /api/workers/{id}/state), or the worker itself when it shuts down, sets a worker's state.
-- KEYS[1] worker hash
-- ARGV[1] state, [2] domain, [3] dispatch wake channel, [4] domain key base, [5] who: operator | worker
-- Returns 0 when the worker is unknown, 1 otherwise.
-- Any state but online gets no new runs; the runs already queued for it (not yet claimed) go back to pending,
-- so a draining or disabled worker holds nothing it will not run. Its running attempts are left to finish.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end

local base, worker = ARGV[4], redis.call('HGET', KEYS[1], 'id')
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'state_by', ARGV[5])
if ARGV[1] ~= 'online' and worker then
  local queue = base .. 'queue:' .. worker
  local moved = 0
  for _, run_id in ipairs(redis.call('LRANGE', queue, 0, -1)) do
    local run = redis.call('HMGET', base .. 'run:' .. run_id, 'status', 'worker', 'attempt')
    if run[1] == 'dispatched' and run[2] == worker then
      hydra_requeue(base, run_id, tonumber(run[3]) or 1)
      moved = moved + 1
    end
  end
  redis.call('DEL', queue)
  if moved > 0 then
    redis.call('PUBLISH', ARGV[3], ARGV[2])
  end
end

-- A worker back online may take pending runs at once.
if ARGV[1] == 'online' then
  redis.call('PUBLISH', ARGV[3], ARGV[2])
end
return 1
