-- GET /api/events(/stream): a domain's events after a cursor, with what a reader needs to detect trimming.
-- KEYS[1] event stream
-- ARGV[1] start ('-' for the oldest retained, '(' .. id for strictly after id), [2] max entries (0: none, only the edges)
-- Returns { oldest id or '', oldest's prev or '', newest id or '', entries } where entries is XRANGE's reply.
-- One script so the edges and the entries come from the same instant of the stream.
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local oldest_id, oldest_prev, newest_id = '', '', ''
if #oldest > 0 then
  oldest_id = oldest[1][1]
  local fields = oldest[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'prev' then
      oldest_prev = fields[i + 1]
    end
  end
end
if #newest > 0 then
  newest_id = newest[1][1]
end
local entries = {}
if tonumber(ARGV[2]) > 0 then
  entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])
end
return { oldest_id, oldest_prev, newest_id, entries }
