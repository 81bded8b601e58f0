-- Ingest: after the store applied a batch read from the head of the ingest list, drop it and the
-- run hashes it finished. Called by the function app's IngestSweep.
-- KEYS[1] ingest list
-- ARGV[1] domain key base, [2] count, [3] seq of the first record read,
--     then (run id, attempt) pairs of the batch's finished records
-- Returns { trimmed (0|1), run hashes deleted }.
-- The list only loses records at its head (here) and gains them at its tail, so when the head still
-- carries the first seq read, the first count records are exactly the batch that was read. When
-- another ingester acknowledged first, the head differs and nothing changes: a record may be
-- applied twice (the store's apply is idempotent), never dropped unapplied.
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then
  return { 0, 0 }
end
local ok, first = pcall(cjson.decode, head)
if not ok or tonumber(first.seq) ~= tonumber(ARGV[3]) then
  return { 0, 0 }
end

redis.call('LTRIM', KEYS[1], tonumber(ARGV[2]), -1)

-- Delete only a run that is still the finished attempt that was ingested; a run dispatched again
-- meanwhile (status other than finished, or a later attempt) keeps its hash.
local deleted = 0
for i = 4, #ARGV, 2 do
  local run_key = ARGV[1] .. 'run:' .. ARGV[i]
  local run = redis.call('HMGET', run_key, 'status', 'attempt')
  if run[1] == 'finished' and run[2] == ARGV[i + 1] then
    deleted = deleted + redis.call('DEL', run_key)
  end
end
return { 1, deleted }
