-- Shared time helpers, prepended to a script by LuaSource when it says "-- include: clock".
-- Every time in the protocol comes from Redis TIME, the one clock all workers and app instances share.

-- Milliseconds since the Unix epoch, from the Redis server's clock.
local function hydra_now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- An integral number as a plain decimal string. Lua's tostring switches to exponent notation past
-- 14 digits, and a score or a timestamp must round-trip exactly.
local function hydra_int(n)
  return string.format('%.0f', n)
end
