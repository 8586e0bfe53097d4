-- Guest firewall evaluation shared by the guest-os firewall rules (see docs/guest-os-rules.md):
-- every firewall of a guest on one hook (iptables, nftables, Windows Firewall), the deciding
-- entry, and the finding of one leg of a connection.
--
-- The firewall libraries sort after this one, so the rules hand them in as `libs`
-- ({ iptables = iptables, nftables = nftables, winfw = winfw }).

local M = {}

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
  end
  -- An empty dump (no filter table, nothing unreadable) filters nothing.
  if ipt ~= nil and (has_filter or #ipt.unparsed > 0) then
    local chain = p.hook == "input" and "INPUT" or "OUTPUT"
    parts[#parts + 1] = { priority = 0, run = function(assume)
      return libs.iptables.evaluate(ipt, chain, p, assume, ipt_key)
    end }
  elseif failed(g.collected[ipt_key]) then
    out.missing[#out.missing + 1] = ipt_key .. ": " .. g.collected[ipt_key]
  end
  if g.nftables ~= nil then
    local chains, mirrored = libs.nftables.base_chains(g.nftables, p.hook, p.family, ipt)
    out.mirrored = mirrored
    for _, bc in ipairs(chains) do
      parts[#parts + 1] = { priority = bc.priority, run = function(assume)
        return libs.nftables.evaluate(bc.table, bc.chain, p, assume)
      end }
    end
  elseif failed(g.collected.nft) then
    out.missing[#out.missing + 1] = "nft: " .. g.collected.nft
  end
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

local function combine(parts, assume)
  local accepted, unknowns = {}, {}
  for _, part in ipairs(parts) do
    local r = part.run(assume)
    for _, u in ipairs(r.unknowns) do unknowns[#unknowns + 1] = u end
    if r.verdict ~= "accept" then return r.verdict, r.by, accepted, unknowns end
    accepted[#accepted + 1] = r.by
  end
  return "accept", accepted[#accepted], accepted, unknowns
end

--- Runs the parts (each `run(assume)` returns {verdict, by, unknowns}) in order, once taking
--- every uninterpretable match as not matching and, when there were any, once as matching.
--- Same outcome both ways: decided. Otherwise: undecidable, naming the lines.
function M.decide(parts, out)
  local v, by, accepted, unknowns = combine(parts, false)
  out.verdict, out.by, out.accepted, out.unknowns = v, by, accepted, unknowns
  if #unknowns > 0 then
    local v2 = combine(parts, true)
    local blocked1, blocked2 = v ~= "accept", v2 ~= "accept"
    if blocked1 ~= blocked2 then
      out.verdict = "undecidable"
      out.if_unmatched = v
    end
  end
  if #out.missing > 0 and out.verdict == "accept" then out.verdict = "undecidable" end
  return out
end

--- A short text for an evidence entry: `iptables filter/INPUT line 7: -A INPUT -j DROP`.
function M.describe_entry(by)
  if by == nil then return "no rule" end
  if by.firewall == "windows" then
    if by.stateful then return "Windows Firewall (stateful: replies pass)" end
    if by.rule then return "Windows Firewall rule \"" .. by.rule .. "\" (" .. by.action .. ")" end
    return "Windows Firewall default " .. by.direction .. " action " .. by.action
  end
  local where = by.firewall .. " " .. (by.table or "") .. "/" .. (by.chain or "")
  if by.line then return where .. " line " .. by.line .. ": " .. by.text end
  if by.handle then return where .. " handle " .. by.handle .. ": " .. by.text end
  return where .. " policy " .. tostring(by.policy)
end

--- Evidence table from a deciding entry.
function M.evidence(by, extra)
  local e = {}
  if by then
    for _, k in ipairs({ "firewall", "table", "chain", "line", "handle", "text", "policy", "base", "rule", "action", "direction" }) do
      if by[k] ~= nil then e[k] = by[k] end
    end
    if e.text then e.rule = e.rule or e.text; e.text = nil end
  end
  for k, v in pairs(extra or {}) do e[k] = v end
  return e
end

--- The reason code for a blocking verdict: IPTABLES_INPUT_DROPPED, NFT_OUTPUT_REJECTED,
--- WINFW_INBOUND_BLOCKED, … `where` is INPUT, OUTPUT, REPLY_OUTPUT or REPLY_INPUT.
function M.block_code(by, verdict, where)
  if by.firewall == "windows" then
    return (where == "INPUT") and "WINFW_INBOUND_BLOCKED" or "WINFW_OUTBOUND_BLOCKED"
  end
  local fw = (by.firewall == "nftables") and "NFT" or "IPTABLES"
  return fw .. "_" .. where .. "_" .. (verdict == "reject" and "REJECTED" or "DROPPED")
end

--- The reasons a firewall rule declares for one place (`where` as in block_code), plus the
--- shared pass, undecidable and not-collected codes and the prerequisite reasons.
function M.firewall_reasons(where, pass_code, pass_meaning, windows_code)
  local place = ({ INPUT = "the INPUT chain / input hook of the destination",
                   OUTPUT = "the OUTPUT chain / output hook of the source",
                   REPLY_OUTPUT = "the destination's OUTPUT chain / output hook, for replies",
                   REPLY_INPUT = "the source's INPUT chain / input hook, for replies" })[where]
  local r = {
    [pass_code] = pass_meaning,
    GUEST_FIREWALL_NONE = "No guest firewall rule set exists (no iptables, nftables or Windows Firewall rules): nothing filters.",
    GUEST_FIREWALL_OFF = "The Windows Firewall profile in use is off.",
    GUEST_FIREWALL_UNDECIDABLE = {
      meaning = "A rule that could change the outcome cannot be evaluated offline (an ipset, an unknown match, an unreadable line); the message names it.",
      suggestion = "Check the named line by hand (e.g. `ipset list NAME`), or replace it with address and port matches.",
    },
    GUEST_FIREWALL_NOT_COLLECTED = {
      meaning = "The guest firewall rules could not be read (the tool failed), so the item cannot be evaluated.",
      suggestion = "Fix the failing tool on the guest and collect again (`netdiag agent collect`).",
    },
  }
  for _, fw in ipairs({ "IPTABLES", "NFT" }) do
    local name = fw == "NFT" and "nftables" or "iptables"
    local cmd = fw == "NFT" and "nft insert rule FAMILY TABLE CHAIN … accept" or "iptables -I CHAIN 1 … -j ACCEPT"
    r[fw .. "_" .. where .. "_DROPPED"] = {
      meaning = "A " .. name .. " rule or chain policy drops the traffic in " .. place .. ".",
      suggestion = "Insert an accept rule before the deciding line (`" .. cmd .. "`); the finding gives the exact command.",
    }
    r[fw .. "_" .. where .. "_REJECTED"] = {
      meaning = "A " .. name .. " reject rule refuses the traffic in " .. place .. ".",
      suggestion = "Insert an accept rule before the reject (`" .. cmd .. "`), or delete the reject rule.",
    }
  end
  if windows_code then
    r[windows_code] = {
      meaning = "Windows Firewall blocks the traffic: a block rule matched (block wins over allow), or no allow rule matched and the profile's default blocks.",
      suggestion = "Disable the block rule, or add an allow rule (`netsh advfirewall firewall add rule …`); the finding gives the command.",
    }
  end
  return guest.reasons(r)
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
    local r = M.evaluate_firewall(h, p, libs)
    local pkt = guest.describe_packet(p)
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
