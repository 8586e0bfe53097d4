-- Guest-OS helpers shared by the rules under rules/guest-os/ (see docs/guest-os-rules.md):
-- the prerequisites (supported OS list, agent, architecture, Python) kept in this one place,
-- which instance and address a path reaches, the packets a connection sends, and the
-- evaluation of every guest firewall on a hook (iptables, nftables, Windows Firewall).
--
-- The firewall libraries sort after this one, so the rules hand them in as `libs`
-- ({ iptables = iptables, nftables = nftables, winfw = winfw }).

local M = {}

---------------------------------------------------------------------------------------------
-- Prerequisites
---------------------------------------------------------------------------------------------

--- Supported x86_64 operating systems, by os-release `ID`: versions match as dotted prefixes
--- (`7` covers `7.9`; `8.2` covers `8.2` only). From the reference, "Guest-OS checks need".
M.supported_os = {
  { id = "alinux",        name = "Alibaba Cloud Linux", versions = { "2", "3" } },
  { id = "almalinux",     name = "AlmaLinux",           versions = { "8" } },
  { id = "anolis",        name = "Anolis OS",           versions = { "7", "8.2" } },
  { id = "centos",        name = "CentOS / CentOS Stream", versions = { "7", "8" } },
  { id = "debian",        name = "Debian",              versions = { "8", "9", "10" } },
  { id = "fedora",        name = "Fedora",              versions = { "33", "34" } },
  { id = "opensuse-leap", name = "openSUSE Leap",       versions = { "15", "42" } },
  { id = "opensuse",      name = "openSUSE",            versions = { "15", "42" } },
  { id = "rocky",         name = "Rocky Linux",         versions = { "8" } },
  { id = "sles",          name = "SUSE Linux Enterprise Server", versions = { "12", "15" } },
  { id = "ubuntu",        name = "Ubuntu",              versions = { "20.04" } },
}
--- Windows Server 2008 or later (a year, or an NT version 6.0 and up).
M.windows_min_year = 2008
M.supported_arch = { x86_64 = true, amd64 = true, AMD64 = true, x64 = true }
--- Python 2.7 or 3.6–3.9. *(assumed)* required on Linux only: the agent runs the Windows
--- checks through PowerShell.
M.python_ok = { ["2.7"] = true, ["3.6"] = true, ["3.7"] = true, ["3.8"] = true, ["3.9"] = true }
M.python_required = { linux = true, windows = false }

--- Load thresholds, percent: a figure above one is a (non-critical) failure.
M.thresholds = { cpuPercent = 90, memoryPercent = 90, diskPercent = 90 }

--- Reason codes every guest-OS rule may report when its checks cannot run.
M.prerequisite_reasons = {
  GUEST_STATE_MISSING = {
    meaning = "No guest OS state was collected for the instance: the OS checks cannot run.",
    suggestion = "Run `netdiag agent collect --output DIR --instance-id ID` on the instance and put os/ID beside the inventory.",
  },
  GUEST_AGENT_MISSING = {
    meaning = "The Cloud Assistant agent is not installed on the instance: the OS checks cannot run.",
    suggestion = "Install the Cloud Assistant agent (aliyun-service) on the instance.",
  },
  GUEST_OS_UNSUPPORTED = {
    meaning = "The operating system or its version is not one the OS checks support (docs/guest-os-rules.md lists them).",
    suggestion = "Check the guest by hand, or run the instance on a supported OS image.",
  },
  GUEST_ARCH_UNSUPPORTED = {
    meaning = "The OS checks run on x86_64 instances only.",
    suggestion = "Check the guest by hand: the OS checks do not run on this architecture.",
  },
  GUEST_PYTHON_UNSUPPORTED = {
    meaning = "The OS checks need Python 2.7 or 3.6–3.9 on the instance.",
    suggestion = "Install Python 3.6–3.9 (or 2.7) on the instance.",
  },
}

--- A copy of `extra` with the prerequisite reasons added (each guest-OS rule declares them).
function M.reasons(extra)
  local out = {}
  for k, v in pairs(M.prerequisite_reasons) do out[k] = v end
  for k, v in pairs(extra) do out[k] = v end
  return out
end

local function version_matches(want, have)
  if have == want then return true end
  return have:sub(1, #want + 1) == want .. "."
end

local function os_label(sys)
  local d = sys.distribution ~= "" and sys.distribution or sys.osType
  return (sys.version ~= "" and (d .. " " .. sys.version) or d)
end

--- nil when the OS checks can run on the guest; else (code, message).
function M.unmet(instance_id, g)
  if g == nil then
    return "GUEST_STATE_MISSING", "no guest OS state collected for " .. instance_id .. ": OS checks cannot run"
  end
  local sys = g.system
  if sys == nil then
    return "GUEST_STATE_MISSING", "no system.json for " .. instance_id .. ": OS type and agent unknown, OS checks cannot run"
  end
  if not sys.cloudAssistant then
    return "GUEST_AGENT_MISSING", "Cloud Assistant agent not installed on " .. instance_id .. ": OS checks cannot run"
  end
  if not M.supported_arch[sys.arch] then
    return "GUEST_ARCH_UNSUPPORTED", sys.arch .. " on " .. instance_id .. ": OS checks need x86_64"
  end
  if sys.osType == "windows" then
    local year = tonumber((sys.version or ""):match("(%d%d%d%d)"))
    local nt = tonumber((sys.version or ""):match("^(%d+%.?%d*)"))
    local ok = (year and year >= M.windows_min_year) or (not year and nt and nt >= 6 and nt < 100)
    if not ok then
      return "GUEST_OS_UNSUPPORTED", "Windows " .. (sys.version ~= "" and sys.version or "(unknown version)")
        .. " on " .. instance_id .. ": OS checks need Windows Server 2008 or later"
    end
  elseif sys.osType == "linux" then
    local found = false
    for _, entry in ipairs(M.supported_os) do
      if entry.id == sys.distribution then
        for _, v in ipairs(entry.versions) do
          if version_matches(v, sys.version) then found = true end
        end
      end
    end
    if not found then
      return "GUEST_OS_UNSUPPORTED", os_label(sys) .. " on " .. instance_id
        .. ": not a supported OS for the OS checks (see docs/guest-os-rules.md)"
    end
  else
    return "GUEST_OS_UNSUPPORTED", "OS type '" .. tostring(sys.osType) .. "' on " .. instance_id .. ": OS checks need Linux or Windows"
  end
  if M.python_required[sys.osType] then
    local py = sys.python
    local mm = py and py:match("^(%d+%.%d+)")
    if not mm or not M.python_ok[mm] then
      return "GUEST_PYTHON_UNSUPPORTED", (py and ("Python " .. py) or "no Python") .. " on " .. instance_id
        .. ": OS checks need Python 2.7 or 3.6–3.9"
    end
  end
  return nil
end

---------------------------------------------------------------------------------------------
-- Which instance a side reaches, and the addresses its guest sees
---------------------------------------------------------------------------------------------

local function interface_of(g, ip)
  if g == nil or g.interfaces == nil then return nil end
  local others = {}
  for _, itf in ipairs(g.interfaces) do
    for _, a in ipairs(itf.addresses) do
      if a:match("^([^/]+)") == ip then return itf.name end
    end
    if itf.name ~= "lo" and itf.up and #itf.addresses > 0 then others[#others + 1] = itf.name end
  end
  -- One interface with an address besides loopback: that is where the ENI's traffic arrives.
  if #others == 1 then return others[1] end
  return nil
end

--- The instance behind one side of the path, or nil when that side is no instance
--- (an internet address, a NAT gateway address without a matching DNAT entry). The cloud
--- rules' `cloud.endpoint` resolves public addresses and DNAT entries (internal address and port).
--- Fields: side, id (instance id), guest, ip (its address as the guest sees it),
--- port (destination: the port the guest receives on), dnat (the DNAT entry), iface (guest interface name).
function M.host(ctx, side)
  local ep = cloud.endpoint(ctx, side)
  if ep.instance == nil then return nil end
  local h = { side = side, id = ep.instance.id, ip = ep.privateIp, port = ep.port }
  h.guest = ctx.inventory.guests[h.id]
  h.dnat = ep.dnat and ep.dnat.entry or nil
  h.iface = interface_of(h.guest, h.ip)
  return h
end

--- The client's address as the destination guest sees it (`cloud.seen_source`: its private
--- address inside the VPC, its public address or SNAT address towards a public one).
function M.client_address_at_server(ctx)
  local seen = cloud.seen_source(ctx)
  return seen or ctx.source.ip
end

--- The path's packets at one host. `leg` is one of
---   "client-out": the source's OUTPUT, client → server
---   "server-in":  the destination's INPUT, client → server
---   "server-out": the destination's OUTPUT, replies
---   "client-in":  the source's INPUT, replies
--- and `state` NEW or ESTABLISHED. Ports: numbers, or {lo=, hi=} for the client's range.
function M.packet(ctx, leg, state, src_host, dst_host)
  local range = { lo = ctx.path.sourcePorts.start, hi = ctx.path.sourcePorts["end"] }
  local proto = ctx.path.protocol
  local p = { proto = proto, state = state }
  if leg == "client-out" then
    p.hook, p.src, p.dst, p.sport, p.dport = "output", src_host.ip, ctx.destination.ip, range, ctx.path.port
    p.oif = src_host.iface
  elseif leg == "server-in" then
    p.hook, p.src, p.dst = "input", M.client_address_at_server(ctx), dst_host.ip
    p.sport, p.dport, p.iif = range, dst_host.port, dst_host.iface
  elseif leg == "server-out" then
    p.hook, p.src, p.dst = "output", dst_host.ip, M.client_address_at_server(ctx)
    p.sport, p.dport, p.oif = dst_host.port, range, dst_host.iface
  else
    p.hook, p.src, p.dst, p.sport, p.dport = "input", ctx.destination.ip, src_host.ip, ctx.path.port, range
    p.iif = src_host.iface
  end
  if proto ~= "tcp" and proto ~= "udp" then p.sport, p.dport = nil, nil end
  local a = net.ip(p.src) or net.ip(p.dst)
  p.family = a and a.family or 4
  p.reply = (leg == "server-out" or leg == "client-in")
  return p
end

--- `10.0.1.11:1024-65535 → 10.0.1.12:22`
function M.describe_packet(p)
  local function port(x)
    if x == nil then return "" end
    if type(x) == "number" then return ":" .. x end
    if x.lo == x.hi then return ":" .. x.lo end
    return ":" .. x.lo .. "-" .. x.hi
  end
  return string.format("%s %s%s → %s%s (%s)", p.proto, p.src, port(p.sport), p.dst, port(p.dport), p.state)
end

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
  if g.system and g.system.osType == "windows" then
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
  return M.reasons(r)
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
    local p = M.packet(ctx, leg, state, src_host, dst_host)
    local r = M.evaluate_firewall(h, p, libs)
    local pkt = M.describe_packet(p)
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
           message = string.format("%s passes on %s: %s%s", M.describe_packet(first.p), h.id, table.concat(deciding, "; then "), note),
           evidence = M.evidence(r.by, { instance = h.id }) }
end

--- Orders statuses for a finding that covers several hosts: fail, skip, warn, pass.
M.rank = { fail = 4, skip = 3, warn = 2, pass = 1 }

--- A finding from the table `f` ({status, reason, message, evidence, suggestion}).
function M.finding(f)
  local body = { reason = f.reason, message = f.message, evidence = f.evidence, suggestion = f.suggestion }
  if f.status == "fail" then return fail(body) end
  if f.status == "warn" then return warn(body) end
  if f.status == "skip" then return skip(body) end
  return pass(body)
end

--- The prerequisite skip of a host, or nil when its OS checks can run.
function M.prerequisite_skip(h)
  local code, message = M.unmet(h.id, h.guest)
  if code then return { status = "skip", reason = code, message = message, evidence = { instance = h.id } } end
  return nil
end

return M
