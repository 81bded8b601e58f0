-- Reconcile: which of these runs does Redis not know? Called by the function app's DispatchSweep,
-- which re-dispatches store runs (queued or running) that Redis lost.
-- KEYS run hashes; ARGV the matching run ids.
-- Returns the ids whose run hash does not exist.
local unknown = {}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    unknown[#unknown + 1] = ARGV[i]
  end
end
return unknown
