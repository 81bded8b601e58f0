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

-- A live, online worker as the matcher sees it, or nil. Load is LLEN queue + LLEN inflight,
-- computed here rather than kept in a counter that drifts. capabilities.provides (a JSON list the
-- worker reports at registration) becomes a set only when a run has needs (hydra_provides).
local function hydra_worker(base, id)
  local w = redis.call('HMGET', base .. 'worker:' .. id,
    'state', 'max_concurrency', 'os', 'tags', 'allowed_users', 'hostname', 'capabilities')
  local max = tonumber(w[2]) or 0
  if w[1] ~= 'online' or max <= 0 then
    return nil
  end
  local users = hydra_json_list(w[5])
  return {
    id = id, max = max,
    load = redis.call('LLEN', base .. 'queue:' .. id) + redis.call('LLEN', base .. 'inflight:' .. id),
    os = string.lower(w[3] or ''),
    hostname = string.lower(w[6] or ''),
    tags = hydra_set(hydra_json_list(w[4]), true),
    users = hydra_set(users, false),
    restricts_users = #users > 0,
    capabilities = w[7],
  }
end

-- Every worker that could take a run now: heartbeat no older than ttl_ms, state online, and a free slot.
local function hydra_candidates(base, now_ms, ttl_ms)
  local out = {}
  local ids = redis.call('ZRANGEBYSCORE', base .. 'heartbeats', hydra_int(now_ms - ttl_ms), '+inf')
  for _, id in ipairs(ids) do
    local w = hydra_worker(base, id)
    if w and w.load < w.max then
      out[#out + 1] = w
    end
  end
  return out
end

-- The worker's capabilities.provides as a set (lower case), decoded once per script call.
local function hydra_provides(w)
  if w.provides == nil then
    local ok, caps = pcall(cjson.decode, w.capabilities or '')
    local list = {}
    if ok and type(caps) == 'table' and type(caps.provides) == 'table' then
      list = caps.provides
    end
    w.provides = hydra_set(list, true)
  end
  return w.provides
end

-- The needs (capabilities) of req the worker lacks, in req's order.
local function hydra_missing(w, req)
  local missing = {}
  if type(req.needs) == 'table' and #req.needs > 0 then
    local provides = hydra_provides(w)
    for _, need in ipairs(req.needs) do
      if type(need) == 'string' and not provides[string.lower(need)] then
        missing[#missing + 1] = need
      end
    end
  end
  return missing
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

-- req: {os[], tags[], hostnames[], allowed_users[], user, needs[]} as PlacementRequirements writes it.
-- Affinity only; hydra_matches adds the needs.
local function hydra_affine(w, req)
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

local function hydra_matches(w, req)
  return hydra_affine(w, req) and #hydra_missing(w, req) == 0
end

-- Why a run is still pending, for a person (GET /runs/{id} pending_reason). Looks at every live
-- online worker, busy or not: nobody online; nobody of the needed os; nobody matching the affinity;
-- nobody with the needed capabilities ("needs python3.12"); or only busy workers could take it.
local function hydra_pending_reason(base, now_ms, ttl_ms, req)
  local ids = redis.call('ZRANGEBYSCORE', base .. 'heartbeats', hydra_int(now_ms - ttl_ms), '+inf')
  local online, os_ok, affine = 0, 0, 0
  local missing, seen = {}, {}
  for _, id in ipairs(ids) do
    local w = hydra_worker(base, id)
    if w then
      online = online + 1
      if not hydra_nonempty(req.os) or hydra_has(req.os, w.os, true) then
        os_ok = os_ok + 1
      end
      if hydra_affine(w, req) then
        affine = affine + 1
        local lacks = hydra_missing(w, req)
        if #lacks == 0 then
          return 'waiting for a free slot: every eligible worker is busy'
        end
        for _, need in ipairs(lacks) do
          if not seen[need] then
            seen[need] = true
            missing[#missing + 1] = need
          end
        end
      end
    end
  end
  if online == 0 then
    return 'no eligible worker: no worker is online'
  end
  if os_ok == 0 then
    return 'no eligible worker: needs os ' .. table.concat(req.os, ' or ')
  end
  if affine == 0 then
    return 'no eligible worker: no online worker matches the affinity (tags, hostnames, users)'
  end
  return 'no eligible worker: needs ' .. table.concat(missing, ', ')
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
