-- include: clock
-- Execute: a worker appends a batch of output chunks to a run's live log in one round trip.
-- KEYS[1] log stream
-- ARGV[1] approximate max length, [2] ttl seconds, then (stream, text) pairs
-- Returns the id of the last entry added.
local ts = hydra_int(hydra_now_ms())
local last = false
for i = 3, #ARGV, 2 do
  last = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
    'stream', ARGV[i], 'text', ARGV[i + 1], 'ts', ts)
end
-- The log is a live view; the store keeps the captured output. It expires once nobody appends.
redis.call('EXPIRE', KEYS[1], ARGV[2])
return last
