-- include: clock
-- Pull: a worker takes the next run of its queue into one of its slots. Called by the worker host.
-- The run moves queue -> inflight in one step (reliable queue): a crash after the move leaves it in
-- inflight, where register returns it and failover finds it; nothing is lost between pull and start.
-- KEYS[1] queue, KEYS[2] inflight, KEYS[3] ingest list, KEYS[4] ingest sequence
-- ARGV[1] domain key base, [2] domain, [3] worker id, [4] slot, [5] lease token, [6] ingest wake channel
-- Returns nil when the queue is empty, else { payload JSON, attempt, lease token, retries remaining ('' = the
-- payload's own, i.e. no retry was spent yet) }.
local base, domain, worker, slot, lease = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

while true do
  local run_id = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
  if not run_id then
    return false
  end

  local run_key = base .. 'run:' .. run_id
  local run = redis.call('HMGET', run_key, 'status', 'worker', 'payload', 'attempt', 'enqueued_ms', 'retries_remaining')
  if run[1] == 'dispatched' and run[2] == worker then
    local now = hydra_now_ms()
    local enqueued = tonumber(run[5]) or now
    redis.call('HSET', run_key, 'status', 'running', 'lease', lease, 'slot', slot,
      'attempt', run[4], 'started_ms', hydra_int(now))

    local record = {
      seq = redis.call('INCR', KEYS[4]), kind = 'started', run_id = run_id, domain = domain,
      attempt = tonumber(run[4]), worker_id = worker, slot = tonumber(slot), lease_token = lease,
      at_ms = now, started_ms = now, enqueued_ms = enqueued,
      queue_latency_ms = math.max(0, now - enqueued),
    }
    redis.call('RPUSH', KEYS[3], cjson.encode(record))
    redis.call('PUBLISH', ARGV[6], domain)
    return { run[3], run[4], lease, run[6] or '' }
  end

  -- The run hash is gone (cancelled, deleted) or no longer dispatched to this worker (moved by
  -- failover): drop this copy and try the next one.
  redis.call('LREM', KEYS[2], -1, run_id)
end
