-- Guest-OS helpers shared by the rules under rules/guest-os/ (see docs/guest-os-rules.md):
-- the prerequisites (supported OS list, agent, architecture, Python) kept in this one place,
-- which instance and address a path reaches, and the packets a connection sends. Firewall
-- evaluation is in guestfw.lua.
--
local M = {}

---------------------------------------------------------------------------------------------
-- Prerequisites
---------------------------------------------------------------------------------------------

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

--- nil when the OS checks can run on the guest; else (code, message). `instance` (its view) gives
--- the OS name DescribeInstances reports, read when system.json does not name the OS.
function M.unmet(instance_id, g, instance)
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
  local id = distro.identify(sys, instance)
  local why = distro.unsupported(id)
  if why then
    return "GUEST_OS_UNSUPPORTED", id.label .. " (from " .. id.source .. ") on " .. instance_id .. ": " .. why
  end
  if M.python_required[id.osType] then
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
  local h = { side = side, id = ep.instance.id, ip = ep.privateIp, port = ep.port, instance = ep.instance }
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
--- and `state` NEW or ESTABLISHED. Ports: numbers, or {lo=, hi=} for the client's range: the one
--- the ACL return rules judge (ephemeral.client_ports: the source guest's collected
--- ip_local_port_range when the path leaves the default), not an assumed OS default, which
--- could decide a firewall line the real range does not meet.
function M.packet(ctx, leg, state, src_host, dst_host)
  local ports, assumed = ephemeral.client_ports(ctx)
  if assumed then ports = ctx.path.sourcePorts end
  local range = { lo = ports.start, hi = ports["end"] }
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
  -- "All ICMP" is checked as a ping: echo requests out, echo replies back.
  if proto == "icmp" then
    p.icmp_type = p.family == 6 and (p.reply and 129 or 128) or (p.reply and 0 or 8)
  end
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
  local icmp = p.icmp_type and (p.icmp_type == 8 or p.icmp_type == 128) and " echo-request"
    or (p.icmp_type and " echo-reply" or "")
  return string.format("%s%s %s%s → %s%s (%s)", p.proto, icmp, p.src, port(p.sport), p.dst, port(p.dport), p.state)
end

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
  local code, message = M.unmet(h.id, h.guest, h.instance)
  if code then return { status = "skip", reason = code, message = message, evidence = { instance = h.id } } end
  return nil
end

---------------------------------------------------------------------------------------------
-- Three-valued matching, shared by the firewall libraries (which sort after this one): a test
-- returns true, false, or nil and the reason it cannot decide.
---------------------------------------------------------------------------------------------

--- true when some item's test is true; else nil and the first reason when some test could not
--- decide; else false.
function M.any_of(items, test)
  local unknown
  for _, item in ipairs(items) do
    local r, why = test(item)
    if r == true then return true end
    if r == nil then unknown = unknown or why end
  end
  if unknown then return nil, unknown end
  return false
end

--- false when some item's test is false; else nil and the first reason when some test could
--- not decide; else true.
function M.all_of(items, test)
  local unknown
  for _, item in ipairs(items) do
    local r, why = test(item)
    if r == false then return false end
    if r == nil then unknown = unknown or why end
  end
  if unknown then return nil, unknown end
  return true
end

return M
