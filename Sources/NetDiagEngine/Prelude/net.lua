-- The `net` helper library and the finding constructors, loaded once per interpreter.
-- Everything here is plain Lua so that rule authors can read how each helper decides.

local net = {}

local ip_cache, cidr_cache = {}, {}

local function parse_v4(s)
  local a, b, c, d = s:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if not a then return nil end
  a, b, c, d = tonumber(a), tonumber(b), tonumber(c), tonumber(d)
  if a > 255 or b > 255 or c > 255 or d > 255 then return nil end
  return { family = 4, hi = 0, lo = ((a << 24) | (b << 16) | (c << 8) | d) }
end

local function parse_v6(s)
  local v4tail
  local head = s
  local pre, tail = s:match("^(.*:)(%d+%.%d+%.%d+%.%d+)$")
  if pre then
    v4tail = parse_v4(tail)
    if not v4tail then return nil end
    head = pre
    if head:sub(-2) ~= "::" then head = head:sub(1, -2) end
  end
  local want = v4tail and 6 or 8
  local function groups(part)
    local out = {}
    if part == "" then return out end
    for g in (part .. ":"):gmatch("([^:]*):") do
      if not g:match("^%x%x?%x?%x?$") then return nil end
      out[#out + 1] = tonumber(g, 16)
    end
    return out
  end
  local left, right = head:match("^(.-)::(.*)$")
  local words
  if left then
    if right:find("::", 1, true) then return nil end
    local l, r = groups(left), groups(right)
    if not l or not r or #l + #r >= want then return nil end
    words = {}
    for _, g in ipairs(l) do words[#words + 1] = g end
    for _ = 1, want - #l - #r do words[#words + 1] = 0 end
    for _, g in ipairs(r) do words[#words + 1] = g end
  else
    words = groups(head)
    if not words or #words ~= want then return nil end
  end
  if v4tail then
    words[7] = v4tail.lo >> 16
    words[8] = v4tail.lo & 0xffff
  end
  local hi, lo = 0, 0
  for i = 1, 4 do hi = (hi << 16) | words[i] end
  for i = 5, 8 do lo = (lo << 16) | words[i] end
  return { family = 6, hi = hi, lo = lo }
end

--- Parses an IPv4 or IPv6 address. Returns {family=4|6, hi, lo} or nil.
function net.ip(s)
  if type(s) ~= "string" then return nil end
  local hit = ip_cache[s]
  if hit ~= nil then return hit or nil end
  local v = s:find(":", 1, true) and parse_v6(s) or parse_v4(s)
  ip_cache[s] = v or false
  return v
end

local function mask64(len)
  if len <= 0 then return 0 end
  if len >= 64 then return -1 end
  return ~((1 << (64 - len)) - 1)
end

-- The common case in one pattern: an IPv4 block `a.b.c.d/n`. Nil when `s` has another
-- shape (the general parser decides), false when it has this shape but is not a block.
local function cidr_v4(s)
  local a, b, c, d, len = s:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)/(%d+)$")
  if not a then return nil end
  a, b, c, d, len = tonumber(a), tonumber(b), tonumber(c), tonumber(d), tonumber(len)
  if a > 255 or b > 255 or c > 255 or d > 255 or len > 32 then return false end
  local mask = len == 0 and 0 or ((0xffffffff << (32 - len)) & 0xffffffff)
  return { family = 4, hi = 0, lo = ((a << 24) | (b << 16) | (c << 8) | d) & mask, len = len,
           mask_hi = 0, mask_lo = mask }
end

--- Parses a block `a.b.c.d/n`, an IPv6 block, or a bare address (a host block).
--- Returns {family, hi, lo, len, mask_hi, mask_lo} with host bits cleared, or nil. The result
--- is cached and shared: do not modify it.
function net.cidr(s)
  if type(s) ~= "string" then return nil end
  local hit = cidr_cache[s]
  if hit ~= nil then return hit or nil end
  local result = cidr_v4(s)
  if result ~= nil then
    cidr_cache[s] = result
    return result or nil
  end
  local addr, len = s:match("^([^/]+)/(%d+)$")
  addr = addr or s
  local ip = net.ip(addr)
  result = false
  if ip then
    local width = ip.family == 4 and 32 or 128
    len = len and tonumber(len) or width
    if len <= width then
      local mask_hi, mask_lo
      if ip.family == 4 then
        mask_hi, mask_lo = 0, len == 0 and 0 or ((0xffffffff << (32 - len)) & 0xffffffff)
      else
        mask_hi, mask_lo = mask64(len), mask64(len - 64)
      end
      result = { family = ip.family, hi = ip.hi & mask_hi, lo = ip.lo & mask_lo, len = len,
                 mask_hi = mask_hi, mask_lo = mask_lo }
    end
  end
  cidr_cache[s] = result
  return result or nil
end

--- True when the address (or block) `inner` lies inside block `outer`. Families must agree.
function net.contains(outer, inner)
  local o, i = net.cidr(outer), net.cidr(inner)
  return o ~= nil and i ~= nil and net.holds(o, i)
end

--- `net.contains` on blocks already parsed by `net.cidr`: for loops that test one address
--- against many blocks, parsing each once.
function net.holds(outer, inner)
  return outer.family == inner.family and inner.len >= outer.len
    and (inner.hi & outer.mask_hi) == outer.hi and (inner.lo & outer.mask_lo) == outer.lo
end

--- The prefix length of a block, or nil when it does not parse.
function net.prefix_length(block)
  local c = net.cidr(block)
  return c and c.len
end

--- A port range from `"22/22"`, `"-1/-1"`, `"1000:2000"`, `"80"`, a number, or a {start, end}
--- table. `-1/-1` means every port. Returns {start=, end=} or nil.
function net.port_range(r)
  if type(r) == "table" then return { start = r.start, ["end"] = r["end"] } end
  if type(r) == "number" then return { start = r, ["end"] = r } end
  if type(r) ~= "string" then return nil end
  local a, b = r:match("^%s*(%-?%d+)%s*[/:%-]%s*(%-?%d+)%s*$")
  if not a then a = r:match("^%s*(%d+)%s*$"); b = a end
  if not a then return nil end
  return { start = tonumber(a), ["end"] = tonumber(b) }
end

--- True when `port` is inside the range; `-1/-1` (or a nil range) covers every port.
function net.port_in(range, port)
  local first, last
  if type(range) == "table" then -- the common case, read without building a copy
    first, last = range.start, range["end"]
  else
    local r = net.port_range(range)
    if not r then return true end
    first, last = r.start, r["end"]
  end
  if first == -1 then return true end
  if port == nil or port == -1 then return first <= 1 and last >= 65535 end
  return port >= first and port <= last
end

-- Protocol names in lower case, made once each: `string.lower` builds a new string per call.
local lower_cache = {}
local function lowered(s)
  local l = lower_cache[s]
  if not l then
    l = s:lower()
    lower_cache[s] = l
  end
  return l
end

--- True when a rule's protocol covers the path's: `all` covers everything; names compare
--- case-insensitively.
function net.protocol_matches(rule_protocol, protocol)
  if rule_protocol == nil or rule_protocol == protocol then return true end
  local r = lowered(rule_protocol)
  return r == "all" or r == "-1" or r == lowered(protocol or "")
end

-- Entries sorted by prefix length (longest first, then list order) per list and field. The
-- keys are the (read-only, never changing) lists themselves, held weakly.
local by_prefix = setmetatable({}, { __mode = "k" })

local function sorted_by_prefix(entries, field)
  local per_list = by_prefix[entries]
  if not per_list then
    per_list = {}
    by_prefix[entries] = per_list
  end
  local sorted = per_list[field]
  if sorted then return sorted end
  sorted = {}
  for i, e in ipairs(entries) do
    local block = e[field] and net.cidr(e[field])
    if block then sorted[#sorted + 1] = { entry = e, block = block, len = block.len, index = i } end
  end
  table.sort(sorted, function(a, b)
    if a.len ~= b.len then return a.len > b.len end
    return a.index < b.index
  end)
  per_list[field] = sorted
  return sorted
end

--- The entry whose block (field `field`, default "destination") contains `ip` with the
--- longest prefix; ties keep the earlier entry. Returns entry, prefix length; or nil.
function net.longest_match(entries, ip, field)
  local addr = net.cidr(ip)
  if not addr then return nil end
  local holds = net.holds
  for _, s in ipairs(sorted_by_prefix(entries, field or "destination")) do
    if holds(s.block, addr) then return s.entry, s.len end
  end
  return nil
end

--- The parts of range `want` ({start, end}) not covered by any range in `covered`, as a list
--- of {start, end}. An empty list means fully covered.
function net.uncovered(want, covered)
  local gaps = { { start = want.start, ["end"] = want["end"] } }
  for _, c in ipairs(covered) do
    local r = net.port_range(c)
    if r and r.start == -1 then return {} end
    if r then
      local next_gaps = {}
      for _, g in ipairs(gaps) do
        if r["end"] < g.start or r.start > g["end"] then
          next_gaps[#next_gaps + 1] = g
        else
          if r.start > g.start then next_gaps[#next_gaps + 1] = { start = g.start, ["end"] = r.start - 1 } end
          if r["end"] < g["end"] then next_gaps[#next_gaps + 1] = { start = r["end"] + 1, ["end"] = g["end"] } end
        end
      end
      gaps = next_gaps
    end
  end
  return gaps
end

--- Formats a range as the cloud writes it: `22/22`, `-1/-1`.
function net.format_range(r)
  r = net.port_range(r)
  if not r then return "?" end
  return string.format("%d/%d", r.start, r["end"])
end

--- The ports a client uses for replies: {start=1024, end=65535}.
net.ephemeral = { start = 1024, ["end"] = 65535 }

-- Findings -------------------------------------------------------------------------------

-- Copies evidence through pairs(), so read-only inventory tables become plain data.
local function plain(v, depth)
  if type(v) ~= "table" then return v end
  if depth > 8 then return "<nested too deeply>" end
  local out = {}
  -- Evidence is mostly flat: only nested tables take the recursive call.
  for k, x in pairs(v) do
    if type(x) == "table" then out[k] = plain(x, depth + 1) else out[k] = x end
  end
  return out
end

local function constructor(status)
  return function(f)
    if type(f) ~= "table" then
      error(status .. "{...} expects a table with reason, message, evidence, suggestion", 2)
    end
    return {
      status = status,
      reason = f.reason,
      message = f.message,
      evidence = plain(f.evidence or {}, 0),
      suggestion = f.suggestion,
      fix = plain(f.fix, 0),
    }
  end
end

-- What a rule returns when its applies(ctx) says no: a value no rule can make.
local not_applicable = {}

return {
  net = net,
  -- The host calls a rule through this, in one protected call: applies (if any), then check.
  run_rule = function(applies, check, ctx)
    if applies and not applies(ctx) then return not_applicable end
    return check(ctx)
  end,
  not_applicable = not_applicable,
  pass = constructor("pass"),
  fail = constructor("fail"),
  warn = constructor("warn"),
  skip = constructor("skip"),
}
