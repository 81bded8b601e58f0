-- include: clock
-- Events: appends a batch of a domain's events to its stream and wakes the function-app instances that follow it.
-- KEYS[1] event stream
-- ARGV[1] approximate max length, [2] wake channel, [3] wake message (the domain), then (type, payload JSON) pairs
-- Returns the ids of the entries added, in order.
--
-- Each entry records `prev`, the id of the entry before it. MAXLEN trimming leaves no trace of what it removed, so
-- a reader holding cursor C cannot otherwise tell "the oldest retained entry directly follows C" from "entries
-- between C and it were trimmed". With `prev`: events were lost to C's holder exactly when C < prev of the oldest
-- retained entry (see EventLog.ReadAsync), and only then does the client get a `reset`.
local ts = hydra_int(hydra_now_ms())
local prev = '0-0'
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #newest > 0 then
  prev = newest[1][1]
end
local ids = {}
for i = 4, #ARGV, 2 do
  prev = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
    'type', ARGV[i], 'payload', ARGV[i + 1], 'ts', ts, 'prev', prev)
  ids[#ids + 1] = prev
end
if #ids > 0 then
  redis.call('PUBLISH', ARGV[2], ARGV[3])
end
return ids
