-- The chains a packet crosses in the guest besides the filter hooks (see docs/guest-os-rules.md,
-- "Before INPUT"): on arrival, raw PREROUTING (iptables, priority -300) and nft filter-type
-- prerouting chains can drop any packet; nat PREROUTING (iptables, -100) and nft nat-type
-- prerouting chains rewrite the destination of a new connection (DNAT, REDIRECT), so INPUT, the
-- listener and the replies see the translated address and port. Also what is not evaluated,
-- for the pass messages.
--
-- The firewall libraries sort after this one: callers hand them in as `libs`.

local M = {}

M.raw_priority, M.nat_priority = -300, -100

local function has_table(ipt, name)
  if ipt == nil then return nil end
  for _, t in ipairs(ipt.tables) do if t.name == name then return t end end
  return nil
end

local function copy(p)
  local q = {}
  for k, v in pairs(p) do q[k] = v end
  return q
end

local function host_addresses(g)
  local out = {}
  for _, itf in ipairs(g.interfaces or {}) do
    for _, a in ipairs(itf.addresses) do out[a:match("^([^/]+)")] = itf.name end
  end
  return out
end

--- The packet after a DNAT / REDIRECT rule (`by`, from iptables' `targetOptions` or nft's
--- `nat`): destination and port rewritten, `dnat` set, the original kept. nil and the reason
--- when the outcome is not modelled (a port range the original port is not in, an address
--- range, another host, a loopback address).
function M.translated(p, by, g, h)
  local addr, port
  if by.firewall == "nftables" then
    addr, port = by.nat and by.nat.address, by.nat and by.nat.port
    if by.target == "redirect" then addr = nil end
  else
    local o = by.targetOptions or {}
    if by.target == "REDIRECT" then port = o["--to-ports"]
    else
      local to = o["--to-destination"] or ""
      addr, port = to:match("^%[([^%]]+)%]:?(.*)$")
      if addr == nil then addr, port = to:match("^([^:]*):?(.*)$") end
      if addr == "" then addr = nil end
    end
    if port == "" then port = nil end
  end
  local q = copy(p)
  q.dnat, q.orig_dst, q.orig_dport = true, p.dst, p.dport
  if addr then
    if addr:find("-", 1, true) then return nil, "DNAT to an address range" end
    local mine = host_addresses(g)
    if net.contains("127.0.0.0/8", addr) or addr == "::1" then
      return nil, "DNAT to a loopback address (delivered only with route_localnet, not collected)"
    end
    if not mine[addr] then return nil, "DNAT to " .. addr .. ", another host: forwarding is not evaluated" end
    q.dst = addr
  elseif by.target == "REDIRECT" or by.target == "redirect" then
    -- REDIRECT sends to the primary address of the interface the packet came in on.
    q.dst = h.ip
  end
  if port and q.dport ~= nil then
    local a, b = tostring(port):match("^(%d+)[%-:]?(%d*)$")
    local lo, hi = tonumber(a), tonumber(b) or tonumber(a)
    if lo == nil then return nil, "nat port " .. port .. " not understood" end
    if lo ~= hi then
      -- A range keeps the original port when it lies inside; otherwise the kernel picks one.
      local inside = type(p.dport) == "number" and p.dport >= lo and p.dport <= hi
      if not inside then return nil, "nat to the port range " .. port .. " (the port chosen is not modelled)" end
    else
      q.dport = lo
    end
  end
  return q
end

--- The nat step for packet `p` arriving at host `h` (input hook). Returns { packet (translated,
--- or `p`), part = { priority, run } for guestfw.decide }: the part accepts (naming the nat rule
--- that translated, if any), drops when a nat chain drops, and carries a hard unknown when
--- whether or how the packet is translated cannot be decided.
function M.nat(h, p, libs, ipt, ipt_key)
  local g = h.guest
  local chains = {}
  if has_table(ipt, "nat") then
    chains[#chains + 1] = { priority = M.nat_priority, run = function(q, assume)
      return libs.iptables.walk(ipt, "nat", "PREROUTING", q, assume, ipt_key)
    end }
  end
  if g.nftables then
    for _, bc in ipairs(libs.nftables.base_chains(g.nftables, "prerouting", p.family, ipt, "nat")) do
      chains[#chains + 1] = { priority = bc.priority, run = function(q, assume)
        return libs.nftables.evaluate(bc.table, bc.chain, q, assume)
      end }
    end
  end
  if #chains == 0 then return { packet = p } end
  table.sort(chains, function(a, b) return a.priority < b.priority end)
  -- Only a connection's first packet crosses the nat chains; the mapping holds for all of them.
  local first = copy(p)
  first.state = "NEW"
  local function run(assume)
    local unknowns = {}
    for _, c in ipairs(chains) do
      local r = c.run(first, assume)
      for _, u in ipairs(r.unknowns) do unknowns[#unknowns + 1] = u end
      if r.verdict ~= "accept" then return r, unknowns, c.priority end
    end
    return nil, unknowns
  end
  local r1, u1, prio = run(false)
  local hard = false
  for _, u in ipairs(u1) do if u.hard then hard = true end end
  if not hard and #u1 > 0 then
    local r2 = run(true)
    local function key(r) return r and (r.verdict .. tostring(r.by.line or r.by.handle)) or "none" end
    if key(r2) ~= key(r1) then
      for _, u in ipairs(u1) do u.hard = true end
    end
  end
  local out = { packet = p, priority = prio or M.nat_priority }
  local verdict, by = "accept", r1 and r1.by or nil
  if r1 and r1.verdict == "nat" then
    local q, why = M.translated(p, r1.by, g, h)
    if q then out.packet = q
    else u1[#u1 + 1] = { firewall = r1.by.firewall, table = r1.by.table, chain = r1.by.chain, line = r1.by.line,
                         handle = r1.by.handle, text = r1.by.text, why = why, hard = true } end
  elseif r1 then
    verdict = r1.verdict
  end
  out.nat = verdict == "accept" and by or nil
  -- Nat chains that neither translated, dropped nor left a doubt change nothing.
  if r1 == nil and #u1 == 0 then return out end
  out.part = { priority = out.priority, run = function()
    return { verdict = verdict, by = by, unknowns = u1, nat = true }
  end }
  return out
end

--- Filter-type parts of the prerouting hook for `p` (before nat) and `q` (after): iptables raw
--- PREROUTING, nft filter-type prerouting chains. Parts as guestfw.decide takes them.
function M.prerouting_parts(h, p, q, nat_priority, libs, ipt, ipt_key)
  local g, parts = h.guest, {}
  if has_table(ipt, "raw") then
    parts[#parts + 1] = { priority = M.raw_priority, run = function(assume)
      return libs.iptables.walk(ipt, "raw", "PREROUTING", p, assume, ipt_key)
    end }
  end
  if g.nftables then
    for _, bc in ipairs(libs.nftables.base_chains(g.nftables, "prerouting", p.family, ipt, "filter")) do
      local pkt = bc.priority > nat_priority and q or p
      parts[#parts + 1] = { priority = bc.priority, run = function(assume)
        return libs.nftables.evaluate(bc.table, bc.chain, pkt, assume)
      end }
    end
  end
  return parts
end

--- What the guest holds on the packet's path that is not evaluated: `iptables mangle`, `nat
--- OUTPUT`, nft `output` chains of type nat or route, … (only tables and chains holding rules).
function M.not_evaluated(g, p, ipt, ipt_key, libs)
  local out = {}
  local evaluated = p.hook == "input" and { filter = { INPUT = true }, raw = { PREROUTING = true }, nat = { PREROUTING = true } }
    or { filter = { OUTPUT = true } }
  local wanted = p.hook == "input" and { PREROUTING = true, INPUT = true } or { OUTPUT = true, POSTROUTING = true }
  for _, t in ipairs(ipt and ipt.tables or {}) do
    for _, c in ipairs(t.chains) do
      if wanted[c.name] and #c.rules > 0 and not (evaluated[t.name] and evaluated[t.name][c.name]) then
        out[#out + 1] = ipt_key .. " " .. t.name .. " " .. c.name
      end
    end
  end
  if g.nftables then
    local hooks = p.hook == "input" and { prerouting = true, input = true } or { output = true, postrouting = true }
    for hook in pairs(hooks) do
      local all = libs.nftables.base_chains(g.nftables, hook, p.family, ipt)
      for _, bc in ipairs(all) do
        local ctype = bc.chain.type or "filter"
        local done = (hook == p.hook and ctype == "filter") or (hook == "prerouting" and (ctype == "filter" or ctype == "nat"))
        if not done and #bc.chain.rules > 0 then
          out[#out + 1] = "nft " .. bc.table.family .. " " .. bc.table.name .. " " .. bc.chain.name .. " (" .. ctype .. " " .. hook .. ")"
        end
      end
    end
  end
  table.sort(out)
  return out
end

return M
