-- The placement matcher shared by dispatch.lua and place_pending.lua (prepended by LuaSource on
-- "-- include: eligibility"; needs clock.lua before it). Rules: shared/reference/compat.md,
-- "Affinity and placement". An empty or missing list means "any".

-- A JSON array stored in a hash field, as a Lua list; anything else is the empty list.
local function hydra_json_list(text)
  if not text or text == '' then
    return {}
  end
  local ok, value = pcall(cjson.decode, text)
  if ok and type(value) == 'table' then
    return value
  end
  return {}
end

local function hydra_set(list, lower)
  local set = {}
  for _, v in ipairs(list) do
    if type(v) == 'string' then
      set[lower and string.lower(v) or v] = true
    end
  end
  return set
end

-- Every worker that could take a run now: heartbeat no older than ttl_ms, state online, and a free
-- slot. Load is LLEN queue + LLEN inflight, computed here rather than kept in a counter that drifts.
local function hydra_candidates(base, now_ms, ttl_ms)
  local out = {}
  local ids = redis.call('ZRANGEBYSCORE', base .. 'heartbeats', hydra_int(now_ms - ttl_ms), '+inf')
  for _, id in ipairs(ids) do
    local w = redis.call('HMGET', base .. 'worker:' .. id,
      'state', 'max_concurrency', 'os', 'tags', 'allowed_users', 'hostname')
    local max = tonumber(w[2]) or 0
    if w[1] == 'online' and max > 0 then
      local load = redis.call('LLEN', base .. 'queue:' .. id) + redis.call('LLEN', base .. 'inflight:' .. id)
      if load < max then
        local users = hydra_json_list(w[5])
        out[#out + 1] = {
          id = id, max = max, load = load,
          os = string.lower(w[3] or ''),
          hostname = string.lower(w[6] or ''),
          tags = hydra_set(hydra_json_list(w[4]), true),
          users = hydra_set(users, false),
          restricts_users = #users > 0,
        }
      end
    end
  end
  return out
end

local function hydra_has(list, value, lower)
  for _, v in ipairs(list) do
    if type(v) == 'string' and (lower and string.lower(v) or v) == value then
      return true
    end
  end
  return false
end

local function hydra_nonempty(list)
  return type(list) == 'table' and #list > 0
end

-- req: {os[], tags[], hostnames[], allowed_users[], user} as PlacementRequirements writes it.
local function hydra_matches(w, req)
  if hydra_nonempty(req.os) and not hydra_has(req.os, w.os, true) then
    return false
  end
  if type(req.tags) == 'table' then
    for _, tag in ipairs(req.tags) do
      if not w.tags[string.lower(tag)] then
        return false
      end
    end
  end
  if hydra_nonempty(req.hostnames) and not hydra_has(req.hostnames, w.hostname, true) then
    return false
  end
  -- Users are case-sensitive (POSIX account names are). A job without a user cannot pass a list.
  local user = req.user
  if type(user) ~= 'string' then
    user = nil
  end
  if w.restricts_users and (user == nil or not w.users[user]) then
    return false
  end
  if hydra_nonempty(req.allowed_users) and (user == nil or not hydra_has(req.allowed_users, user, false)) then
    return false
  end
  return true
end

-- Lowest load / max (compared without division), then lowest load, then worker id.
local function hydra_better(a, b)
  local left, right = a.load * b.max, b.load * a.max
  if left ~= right then
    return left < right
  end
  if a.load ~= b.load then
    return a.load < b.load
  end
  return a.id < b.id
end

local function hydra_pick(candidates, req)
  local best = nil
  for _, w in ipairs(candidates) do
    if w.load < w.max and hydra_matches(w, req) and (best == nil or hydra_better(w, best)) then
      best = w
    end
  end
  return best
end

local function hydra_any_free(candidates)
  for _, w in ipairs(candidates) do
    if w.load < w.max then
      return true
    end
  end
  return false
end

-- Priority (higher first) then age (older first) in one ascending score, exact in a double:
-- (100 - priority) * 2^42 + enqueued_ms; ms stay below 2^42 until the year 2109.
local function hydra_pending_score(priority, enqueued_ms)
  return (100 - priority) * 4398046511104 + enqueued_ms
end

-- Push a run to the worker's queue (that push is the slot reservation), mark it dispatched, wake the worker.
local function hydra_assign(base, run_id, w)
  redis.call('RPUSH', base .. 'queue:' .. w.id, run_id)
  redis.call('HSET', base .. 'run:' .. run_id, 'status', 'dispatched', 'worker', w.id)
  w.load = w.load + 1
  redis.call('PUBLISH', base .. 'wake:' .. w.id, run_id)
end
