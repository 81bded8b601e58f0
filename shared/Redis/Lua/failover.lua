-- include: clock
-- include: eligibility
-- include: requeue
-- FailoverSweep: workers whose heartbeat is older than the TTL (on Redis TIME) are marked offline; the runs
-- queued for them go back to pending at the same attempt (they never started), and their running attempts are
-- recorded `lost` and go back to pending as the next attempt. Their leases are gone with that, so whatever the
-- worker reports later is superseded, and its next heartbeat tells it which attempts to stop.
-- KEYS[1] heartbeats zset, KEYS[2] ingest list, KEYS[3] ingest sequence
-- ARGV[1] domain key base, [2] domain, [3] heartbeat ttl ms, [4] ingest wake channel, [5] dispatch wake channel
-- Returns { workers marked offline, queued runs re-placed, attempts lost, runs cancelled }.
local base, domain = ARGV[1], ARGV[2]
local now = hydra_now_ms()
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. hydra_int(now - tonumber(ARGV[3])))
local offline, requeued, lost, cancelled = 0, 0, 0, 0

for _, id in ipairs(stale) do
  local worker_key = base .. 'worker:' .. id
  local queue, inflight = base .. 'queue:' .. id, base .. 'inflight:' .. id
  local state = redis.call('HGET', worker_key, 'state')
  -- Once offline with empty lists there is nothing left to do: the sweep stays cheap for long-dead workers.
  if state and (state ~= 'offline' or redis.call('LLEN', queue) > 0 or redis.call('LLEN', inflight) > 0) then
    if state ~= 'offline' then
      redis.call('HSET', worker_key, 'state', 'offline', 'state_by', 'failover')
      offline = offline + 1
    end

    for _, run_id in ipairs(redis.call('LRANGE', queue, 0, -1)) do
      local run = redis.call('HMGET', base .. 'run:' .. run_id, 'status', 'worker', 'attempt')
      if run[1] == 'dispatched' and run[2] == id then
        hydra_requeue(base, run_id, tonumber(run[3]) or 1)
        requeued = requeued + 1
      end
    end
    redis.call('DEL', queue)

    for _, run_id in ipairs(redis.call('LRANGE', inflight, 0, -1)) do
      local result = hydra_attempt_lost(base, domain, run_id, id,
        'lost: worker ' .. id .. ' stopped heartbeating', now, KEYS[2], KEYS[3])
      if result == 'lost' then
        lost = lost + 1
      elseif result == 'cancelled' then
        cancelled = cancelled + 1
      end
    end
    redis.call('DEL', inflight)
  end
end

if lost + cancelled > 0 then
  redis.call('PUBLISH', ARGV[4], domain)
end
if requeued + lost > 0 then
  redis.call('PUBLISH', ARGV[5], domain)
end
return { offline, requeued, lost, cancelled }
