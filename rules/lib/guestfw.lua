-- Guest firewall evaluation shared by the guest-os firewall rules (see docs/guest-os-rules.md):
-- every firewall of a guest on one hook (iptables, nftables, Windows Firewall), the deciding
-- entry, and the finding of one leg of a connection.
--
-- The firewall libraries sort after this one, so the rules hand them in as `libs`
-- ({ iptables = iptables, nftables = nftables, winfw = winfw }).

local M = {}

M.describe_entry, M.evidence, M.describe_nat = guestcodes.describe_entry, guestcodes.evidence, guestcodes.describe_nat
M.block_code, M.firewall_reasons = guestcodes.block_code, guestcodes.firewall_reasons

---------------------------------------------------------------------------------------------
-- Firewall evaluation on one hook of one host
---------------------------------------------------------------------------------------------

local function failed(status) return status ~= nil and status ~= "ok" and status ~= "missing" end

--- Evaluates every firewall of the guest on the packet's hook. Returns a table:
---   verdict  "accept", "drop", "reject", "undecidable" or "not-collected"
---   by       the deciding entry: { firewall, table, chain, line|handle, text, policy, base }
---   accepted the entries that accepted, in priority order (when the verdict is accept)
---   none     true when no firewall rule set exists at all
---   off      true for a Windows Firewall that is off
---   unknowns lines that could not be interpreted: { firewall, line|handle, text, why }
---   missing  sources that could not be read ("nft: failed: …")
---   mirrored nft tables left out because they are iptables-nft's view of the iptables rules
function M.evaluate_firewall(h, p, libs)
  local g = h.guest
  local out = { unknowns = {}, missing = {}, accepted = {}, mirrored = {} }
  if g.system and g.system.osType:lower() == "windows" then
    local fw = g.windowsFirewall
    if fw == nil then
      out.verdict = "not-collected"
      out.missing[1] = "netsh: " .. (g.collected.netsh or "not collected")
      return out
    end
    if p.reply then
      -- Windows Firewall is stateful: replies of an allowed connection always pass.
      out.verdict, out.by = "accept", { firewall = "windows", stateful = true }
      return out
    end
    local function run(assume) return libs.winfw.evaluate(fw, p, assume, g) end
    return M.decide({ { priority = 0, run = run } }, out)
  end

  local parts = {}
  local ipt_key = p.family == 6 and "ip6tables" or "iptables"
  local ipt = g[ipt_key]
  local has_filter = false
  if ipt ~= nil then
    for _, t in ipairs(ipt.tables) do if t.name == "filter" then has_filter = true end end
  elseif failed(g.collected[ipt_key]) then
    out.missing[#out.missing + 1] = ipt_key .. ": " .. g.collected[ipt_key]
  end
  if g.nftables == nil and failed(g.collected.nft) then out.missing[#out.missing + 1] = "nft: " .. g.collected.nft end
  -- On arrival the prerouting hook comes first: raw drops, nat rewrites (guestchains.lua).
  local q = p
  if p.hook == "input" then
    -- Replies belong to a tracked connection: nat PREROUTING never sees them.
    local nat = p.reply and { packet = p } or guestchains.nat(h, p, libs, ipt, ipt_key)
    q, out.packet, out.nat = nat.packet, nat.packet, nat.nat
    if nat.part then parts[#parts + 1] = nat.part end
    for _, part in ipairs(guestchains.prerouting_parts(h, p, q, nat.priority or guestchains.nat_priority, libs, ipt, ipt_key)) do
      parts[#parts + 1] = part
    end
  end
  -- An empty dump (no filter table, nothing unreadable) filters nothing.
  if ipt ~= nil and (has_filter or #ipt.unparsed > 0) then
    local chain = p.hook == "input" and "INPUT" or "OUTPUT"
    parts[#parts + 1] = { priority = 0, run = function(assume)
      return libs.iptables.evaluate(ipt, chain, q, assume, ipt_key)
    end }
  end
  if g.nftables ~= nil then
    local chains, mirrored = libs.nftables.base_chains(g.nftables, p.hook, p.family, ipt, "filter")
    out.mirrored = mirrored
    for _, bc in ipairs(chains) do
      parts[#parts + 1] = { priority = bc.priority, run = function(assume)
        return libs.nftables.evaluate(bc.table, bc.chain, q, assume)
      end }
    end
  end
  out.not_evaluated = guestchains.not_evaluated(g, p, ipt, ipt_key, libs)
  if #parts == 0 then
    if #out.missing > 0 then
      out.verdict = "not-collected"
    else
      out.verdict, out.none = "accept", true
    end
    return out
  end
  -- Stable sort by priority: iptables' filter chains register at priority 0, before nft's.
  for i = 2, #parts do
    local j = i
    while j > 1 and parts[j].priority < parts[j - 1].priority do
      parts[j], parts[j - 1] = parts[j - 1], parts[j]
      j = j - 1
    end
  end
  return M.decide(parts, out)
end

local function has_hard(unknowns)
  for _, u in ipairs(unknowns) do if u.hard then return true end end
  return false
end

--- Runs the parts (each `run(assume)` returns {verdict, by, unknowns}) in priority order. A part
--- with uninterpretable matches runs twice, taking them as not matching and as matching: the
--- same outcome both ways is decided; a `hard` unknown (a line not understood on the way, a
--- target not evaluated) leaves the part undecided either way. A part that blocks for certain
--- decides, whatever the others do; else any undecided part makes the result undecidable.
function M.decide(parts, out)
  local results, unknowns, open_unknowns, first_block, undecided = {}, {}, {}, nil, false
  -- After a nat step that cannot be decided, later parts saw a packet that may be the wrong one.
  local nat_open = false
  for i, part in ipairs(parts) do
    local r = part.run(false)
    local certain = not has_hard(r.unknowns) and not nat_open
    if r.nat and not certain then nat_open = true end
    if certain and #r.unknowns > 0 then
      local r2 = part.run(true)
      if (r2.verdict ~= "accept") ~= (r.verdict ~= "accept") then certain = false end
    end
    for _, u in ipairs(r.unknowns) do
      local list = certain and unknowns or open_unknowns
      list[#list + 1] = u
    end
    results[i] = r
    if r.verdict ~= "accept" then
      if certain and first_block == nil then first_block = r end
      if not certain then undecided = true end
    elseif not certain then
      undecided = true
    end
  end
  -- The unknowns that leave the outcome open go first: the message and evidence name them.
  for _, u in ipairs(unknowns) do open_unknowns[#open_unknowns + 1] = u end
  out.unknowns = open_unknowns
  if first_block then
    out.verdict, out.by = first_block.verdict, first_block.by
  elseif undecided then
    out.verdict = "undecidable"
    for _, r in ipairs(results) do
      if r.verdict ~= "accept" then out.if_unmatched = r.verdict break end
    end
    out.if_unmatched = out.if_unmatched or "accept"
  else
    out.verdict = "accept"
    for _, r in ipairs(results) do
      -- The raw table's ACCEPT policy is on nearly every host: naming it says nothing.
      -- A nat translation is named apart (`describe_nat`).
      if r.by ~= nil and not r.nat and not (r.by.policy and r.by.table == "raw") then out.accepted[#out.accepted + 1] = r.by end
    end
    out.by = results[#results].by
  end
  if #out.missing > 0 and out.verdict == "accept" then out.verdict = "undecidable" end
  return out
end

---------------------------------------------------------------------------------------------
-- Building the finding of one firewall leg
---------------------------------------------------------------------------------------------

local function unknown_lines(list)
  local parts, seen = {}, {}
  for _, u in ipairs(list) do
    local key = (u.firewall or "") .. (u.line or u.handle or "") .. (u.text or "")
    if not seen[key] then
      seen[key] = true
      local where = u.line and ("line " .. u.line) or (u.handle and ("handle " .. u.handle) or "rule")
      parts[#parts + 1] = string.format("%s %s \"%s\" (%s)", u.firewall or "", where, u.text or "", u.why or "not interpretable")
    end
  end
  return table.concat(parts, "; ")
end

--- The suggestion that lets `p` through the deciding entry.
function M.suggest(by, p, libs, g)
  if by.firewall == "windows" then return libs.winfw.suggest(by, p) end
  if by.firewall == "nftables" then return libs.nftables.suggest(by, p) end
  return libs.iptables.suggest(by, p)
end

--- How the connection's first packet arrives at the destination host `h` after the guest's nat
--- PREROUTING (guestchains.nat): `packet` (translated or not), `nat` (the rule that translated),
--- `open` (the reason it cannot be decided, or nil).
function M.arrival(ctx, h, libs)
  local p = guest.packet(ctx, "server-in", "NEW", nil, h)
  if h.guest == nil or (h.guest.system and h.guest.system.osType:lower() == "windows") then return { packet = p } end
  local key = p.family == 6 and "ip6tables" or "iptables"
  local nat = guestchains.nat(h, p, libs, h.guest[key], key)
  local out = { packet = nat.packet, nat = nat.nat }
  if nat.part then
    local r = nat.part.run()
    for _, u in ipairs(r.unknowns) do
      if u.hard then out.open = unknown_lines({ u }) break end
    end
  end
  return out
end

--- Evaluates one leg (`client-out`, `server-in`, `server-out`, `client-in`) for each state in
--- `states` and returns (status, reason, message, evidence, suggestion) — or nil when it passes,
--- with the pass details in the second value.
function M.leg(ctx, h, leg, states, where, libs)
  local src_host = leg:sub(1, 6) == "client" and h or nil
  local dst_host = leg:sub(1, 6) == "server" and h or nil
  local result = { status = "pass" }
  local passes = {}
  for _, state in ipairs(states) do
    local p = guest.packet(ctx, leg, state, src_host, dst_host)
    if leg == "server-out" then
      -- Replies leave from the address and port the guest's nat translated to.
      local q = M.arrival(ctx, h, libs).packet
      if q.dnat then p.src, p.sport, p.dnat, p.orig_dst, p.orig_dport = q.dst, q.dport, true, q.orig_dst, q.orig_dport end
    end
    local r = M.evaluate_firewall(h, p, libs)
    local pkt = guest.describe_packet(r.packet or p)
    if r.verdict == "not-collected" then
      return { status = "skip", reason = "GUEST_FIREWALL_NOT_COLLECTED",
               message = "firewall rules of " .. h.id .. " could not be read (" .. table.concat(r.missing, "; ") .. ")",
               evidence = { instance = h.id } }
    elseif r.verdict == "drop" or r.verdict == "reject" then
      local how = r.verdict == "reject" and "rejects" or "drops"
      local ev = M.evidence(r.by, { instance = h.id, state = state, packet = pkt })
      local later = ""
      if state == "ESTABLISHED" and not p.reply then
        later = " (new connections pass, but later packets of the connection, state ESTABLISHED, do not)"
      end
      return { status = "fail", reason = M.block_code(r.by, r.verdict, where),
               message = string.format("%s on %s %s %s%s", M.describe_entry(r.by), h.id, how, pkt, later),
               evidence = ev, suggestion = M.suggest(r.by, p, libs, h.guest) }
    elseif r.verdict == "undecidable" then
      local why = #r.unknowns > 0 and unknown_lines(r.unknowns) or table.concat(r.missing, "; ")
      result = { status = "warn", reason = "GUEST_FIREWALL_UNDECIDABLE",
                 message = string.format("cannot decide whether %s passes on %s: %s", pkt, h.id, why),
                 -- The evidence names the first line that could not be decided.
                 evidence = M.evidence(r.unknowns[1] or r.by, { instance = h.id, state = state, packet = pkt, undecidable = why }) }
    else
      passes[#passes + 1] = { r = r, p = p, state = state }
    end
  end
  if result.status == "warn" then return result end
  local first = passes[1]
  local r = first.r
  local note = ""
  if #r.unknowns > 0 then note = "; not interpreted, without effect on the outcome: " .. unknown_lines(r.unknowns) end
  if #r.mirrored > 0 then note = note .. "; nft tables " .. table.concat(r.mirrored, ", ") .. " are iptables-nft's view of the iptables rules, evaluated once" end
  if r.nat then note = note .. M.describe_nat(r.nat, first.p, r.packet) end
  if r.not_evaluated and #r.not_evaluated > 0 then note = note .. "; not evaluated: " .. table.concat(r.not_evaluated, ", ") end
  if r.none then
    return { status = "pass", reason = "GUEST_FIREWALL_NONE", message = "no guest firewall rules on " .. h.id .. note,
             evidence = { instance = h.id } }
  end
  if r.by and r.by.off then
    return { status = "pass", reason = "GUEST_FIREWALL_OFF", message = "Windows Firewall is off on " .. h.id,
             evidence = { instance = h.id, firewall = "windows" } }
  end
  local deciding = {}
  for _, by in ipairs(r.accepted) do deciding[#deciding + 1] = M.describe_entry(by) end
  if #deciding == 0 then deciding[1] = M.describe_entry(r.by) end
  return { status = "pass", pass = true,
           message = string.format("%s passes on %s: %s%s", guest.describe_packet(first.p), h.id, table.concat(deciding, "; then "), note),
           evidence = M.evidence(r.by, { instance = h.id }) }
end

--- Orders statuses for a finding that covers several hosts: fail, skip, warn, pass.

return M
