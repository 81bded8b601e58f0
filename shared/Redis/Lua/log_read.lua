-- GET /api/runs/{id}/stream: entries of a run's live log after an id (1.2.6 has no stream API).
-- KEYS[1] log stream
-- ARGV[1] start ('-' for the beginning, '(' .. id for after id), [2] max entries
-- Returns XRANGE's reply: { { id, { field, value, ... } }, ... }.
return redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])
