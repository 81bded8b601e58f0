-- include: clock
-- include: eligibility
-- include: requeue
-- Drain: a worker shutting down hands back an attempt it stopped after the grace period. The attempt is recorded
-- `lost` (with the reason) and the run goes back to pending as the next attempt without spending a retry; a run
-- whose cancel was asked ends cancelled instead. Only the holder of the current lease can hand it back.
-- KEYS[1] run hash, KEYS[2] the worker's inflight list, KEYS[3] ingest list, KEYS[4] ingest sequence
-- ARGV[1] domain key base, [2] domain, [3] run id, [4] lease token, [5] worker id, [6] reason,
--     [7] ingest wake channel, [8] dispatch wake channel
-- Returns 'released', 'cancelled' or 'superseded' (the lease had moved on; nothing changed).
local base, domain, run_id = ARGV[1], ARGV[2], ARGV[3]
if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[4] then
  return 'superseded'
end

local result = hydra_attempt_lost(base, domain, run_id, ARGV[5], ARGV[6], hydra_now_ms(), KEYS[3], KEYS[4])
if not result then
  return 'superseded'
end

redis.call('LREM', KEYS[2], 0, run_id)
redis.call('PUBLISH', ARGV[7], domain)
redis.call('PUBLISH', ARGV[8], domain)
return result == 'lost' and 'released' or 'cancelled'
