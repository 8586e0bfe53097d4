id          = "guest-os.port-listening"
title       = "A service listens on the destination port"
category    = "guest-os"
severity    = "critical"
applies_to  = { side = "destination", objects = { "instance", "eni", "public-ip" } }
description = "On the destination instance a socket of the path's protocol must listen on the port "
  .. "(the DNAT internal port for NAT gateway paths, then the port the guest's own nat PREROUTING "
  .. "DNAT / REDIRECT translates to), bound to the ENI's address or to a wildcard "
  .. "(0.0.0.0, ::, *). A socket bound to loopback only cannot be reached from the network."
order       = 70
reasons = guest.reasons({
  PORT_LISTENING = "A socket listens on the port, bound to the destination's address or a wildcard.",
  PORT_NOT_LISTENING = {
    meaning = "No socket listens on the port: nothing accepts the connection.",
    suggestion = "Start the service (e.g. `systemctl start sshd`) and make it listen on the port.",
  },
  PORT_LOOPBACK_ONLY = {
    meaning = "The service listens on the port on a loopback address only (127.0.0.1 or ::1).",
    suggestion = "Change the service's listen address to 0.0.0.0 (or the ENI's address) and restart it.",
  },
  PORT_OTHER_ADDRESS = {
    meaning = "The service listens on the port, but only on an address other than the destination's.",
    suggestion = "Change the service's listen address to 0.0.0.0 (or the ENI's address) and restart it.",
  },
  LISTENERS_NOT_COLLECTED = "The listening sockets were not collected (ss / netstat missing or failed).",
  PORT_NAT_UNDECIDABLE = {
    meaning = "Whether or where the guest's nat PREROUTING rules translate the port cannot be decided offline (a rule not understood, a port range, DNAT to another host); the message names the rule.",
    suggestion = "Check the named nat rule by hand (`iptables -t nat -S PREROUTING`, `nft list ruleset`).",
  },
})

local services = { [22] = "the SSH service (sshd)", [3389] = "the RDP service (Remote Desktop)" }
local wildcard = { ["0.0.0.0"] = 4, ["*"] = 0, ["::"] = 0, ["[::]"] = 0, [""] = 0 }

function applies(ctx)
  local p = ctx.path.protocol
  return (p == "tcp" or p == "udp") and guest.host(ctx, "destination") ~= nil
end

local function bare(address)
  local a = address:gsub("%%.*$", ""):gsub("^%[", ""):gsub("%]$", "")
  return (a:gsub("^::ffff:(%d+%.%d+%.%d+%.%d+)$", "%1"))
end

local function is_loopback(a)
  return a == "::1" or a:match("^127%.") ~= nil
end

function check(ctx)
  local h = guest.host(ctx, "destination")
  local unmet = guest.prerequisite_skip(h)
  if unmet then return guest.finding(unmet) end
  local g = h.guest
  local proto, port = ctx.path.protocol, h.port
  -- The guest's own nat PREROUTING (DNAT, REDIRECT) decides the port the service must listen on.
  local arrival = guestfw.arrival(ctx, h, { iptables = iptables, nftables = nftables, winfw = winfw })
  if arrival.open then
    return warn { reason = "PORT_NAT_UNDECIDABLE", evidence = { instance = h.id, port = port },
                  message = "cannot decide which port " .. proto .. " " .. port .. " reaches on " .. h.id
                    .. " after its nat PREROUTING: " .. arrival.open }
  end
  local natted = arrival.packet.dnat and arrival.packet.dport ~= port
  if arrival.packet.dnat then port = arrival.packet.dport end
  local via = natted and guestfw.describe_nat(arrival.nat, { dst = h.ip, dport = h.port }, arrival.packet) or ""
  local what = services[port] and (services[port] .. " on " .. proto .. " " .. port) or (proto .. " port " .. port)
  if g.listeners == nil then
    local why = g.collected.ss or g.collected.netstat or "not collected"
    return skip { reason = "LISTENERS_NOT_COLLECTED",
                  message = "listening sockets of " .. h.id .. " were not collected (" .. why .. ")",
                  evidence = { instance = h.id } }
  end
  local family = (net.ip(h.ip) or { family = 4 }).family
  local good, loop, other = nil, {}, {}
  for _, l in ipairs(g.listeners) do
    if l.protocol == proto and l.port == port then
      local a = bare(l.address)
      local w = wildcard[a]
      -- A `::` socket takes IPv4 too unless it is v6-only (Linux's default is dual-stack).
      if (w ~= nil and (w == 0 or w == family)) or a == h.ip then good = good or l
      elseif is_loopback(a) then loop[#loop + 1] = l
      else other[#other + 1] = l end
    end
  end
  local function who(l)
    if l.process then return l.process .. (l.pid and ("[" .. l.pid .. "]") or "") end
    return "a process"
  end
  local dnat = (h.dnat and (" (DNAT " .. h.dnat.externalIp .. ":" .. h.dnat.externalPort .. " → " .. h.ip .. ":" .. h.port .. ")") or "") .. via
  if good then
    return pass { reason = "PORT_LISTENING",
                  message = string.format("%s listens on %s %s:%d on %s%s", who(good), proto, good.address, port, h.id, dnat),
                  evidence = { instance = h.id, address = good.address, port = port, process = good.process } }
  end
  local bind = string.format("change its listen address from %%s to 0.0.0.0 (or %s) and restart it", h.ip)
  if #loop > 0 then
    local l = loop[1]
    return fail { reason = "PORT_LOOPBACK_ONLY",
                  message = string.format("%s: %s listens on %s only (loopback) on %s%s", what, who(l), l.address, h.id, dnat),
                  evidence = { instance = h.id, address = l.address, port = port, process = l.process },
                  suggestion = "On " .. h.id .. ", " .. string.format(bind, l.address) .. (l.process and (" (" .. l.process .. ")") or "") }
  end
  if #other > 0 then
    local l = other[1]
    return fail { reason = "PORT_OTHER_ADDRESS",
                  message = string.format("%s: %s listens on %s, not on %s, on %s%s", what, who(l), l.address, h.ip, h.id, dnat),
                  evidence = { instance = h.id, address = l.address, port = port, process = l.process },
                  suggestion = "On " .. h.id .. ", " .. string.format(bind, l.address) .. (l.process and (" (" .. l.process .. ")") or "") }
  end
  local start = port == 22 and "start sshd (`systemctl start sshd`) listening on 0.0.0.0:22"
    or (port == 3389 and "enable Remote Desktop (`Set-ItemProperty 'HKLM:\\System\\CurrentControlSet\\Control\\Terminal Server' fDenyTSConnections 0`) and start TermService"
    or string.format("start the service that should listen on %s %d, bound to 0.0.0.0 or %s", proto, port, h.ip))
  return fail { reason = "PORT_NOT_LISTENING",
                message = string.format("%s: nothing listens on %s %d on %s%s", what, proto, port, h.id, dnat),
                evidence = { instance = h.id, port = port, protocol = proto },
                suggestion = "On " .. h.id .. ", " .. start }
end
