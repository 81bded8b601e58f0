-- include: clock
-- include: eligibility
-- DispatchSweep: retries whose backoff has passed (on Redis TIME) move from the delayed set to pending, where
-- place_pending gives them to a worker. The retry counts as enqueued when it became due, so its queue latency
-- is measured from then, and it queues behind runs of its priority that were waiting before it.
-- KEYS[1] delayed zset, KEYS[2] pending zset
-- ARGV[1] domain key base, [2] max runs to move
-- Returns how many runs were moved.
local base = ARGV[1]
local now = hydra_now_ms()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', hydra_int(now), 'LIMIT', 0, tonumber(ARGV[2]))
local moved = 0
for _, run_id in ipairs(due) do
  redis.call('ZREM', KEYS[1], run_id)
  local run_key = base .. 'run:' .. run_id
  local run = redis.call('HMGET', run_key, 'status', 'priority')
  -- Anything but delayed is a stale entry (the run was cancelled while it waited).
  if run[1] == 'delayed' then
    redis.call('HSET', run_key, 'status', 'pending', 'enqueued_ms', hydra_int(now))
    redis.call('ZADD', KEYS[2], hydra_int(hydra_pending_score(tonumber(run[2]) or 5, now)), run_id)
    moved = moved + 1
  end
end
return moved
