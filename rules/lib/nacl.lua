-- Network ACL evaluation shared by the network-acl.* rules. Entries are evaluated in list
-- order and the first match decides; ingress entries match the source, egress entries the
-- destination; the port is always the destination port. ACLs are stateless.

local nacl = {}

-- Each entry list with what matching needs read out of the inventory once (parsed block, port
-- range), keyed weakly by the (read-only, never changing) list itself.
local compiled_lists = setmetatable({}, { __mode = "k" })

local function compiled(entries)
  local list = compiled_lists[entries]
  if list then return list end
  list = {}
  for i, e in ipairs(entries) do
    list[i] = { entry = e, protocol = e.protocol, block = net.cidr(e.cidr), ports = net.port_range(e.portRange) }
  end
  compiled_lists[entries] = list
  return list
end

--- Whether a compiled entry covers the peer (`addr`, its parse), protocol and destination port.
local function matches(c, addr, protocol, port)
  return net.protocol_matches(c.protocol, protocol) and addr ~= nil and c.block ~= nil
    and net.holds(c.block, addr) and net.port_in(c.ports, port)
end

--- The always-allowed service block holding `addr` (DNS, metadata), or nil.
function nacl.service_block(addr)
  for _, block in ipairs(cloud.CHOICES.acl_service_blocks) do
    if net.contains(block, addr) then return block end
  end
  return nil
end

--- The first entry matching, and its 1-based position; nil when none does.
function nacl.first_match(entries, peer, protocol, port)
  local addr = net.cidr(peer)
  for i, c in ipairs(compiled(entries)) do
    if matches(c, addr, protocol, port) then return c.entry, i end
  end
  return nil
end

local function entry_text(e, direction)
  return string.format("%s %s %s %s %s", e.id, e.policy, e.protocol, net.format_range(e.portRange),
    (direction == "ingress" and "from " or "to ") .. e.cidr)
end

local function entry_evidence(acl, direction, e, i, extra)
  local ev = { networkAcl = acl.id, direction = direction }
  if e then
    ev.entry, ev.position, ev.policy = e.id, i, e.policy
    ev.protocol, ev.portRange, ev.cidr = e.protocol, net.format_range(e.portRange), e.cidr
  else
    ev.entry = "none"
  end
  for k, v in pairs(extra or {}) do ev[k] = v end
  return ev
end

-- Where an accept entry must go: just before the deciding drop (`position`), else at the end.
-- Returns the suggestion and the same entry as a what-if edit. Nothing before `position`
-- matched the packets, so the entry changes the verdict of exactly them.
local function add_entry(acl, direction, position, protocol, ports, peer)
  local entries = acl[direction]
  local where = position and string.format("at position %d (before entry %s)", position, entries[position].id)
    or (#entries == 0 and "as its first entry" or string.format("at position %d (after entry %s)", #entries + 1, entries[#entries].id))
  local id = ("nae-netdiag-" .. direction .. "-" .. protocol .. "-" .. ports .. "-" .. peer):gsub("[.:/]", "-")
  local text = string.format("Add to %s %s, %s: accept %s %s %s %s (entry %s)", acl.id, direction, where, protocol, ports,
    direction == "ingress" and "from" or "to", cloud.host_block(peer), id)
  return text, { op = "add-acl-entry", acl = acl.id, direction = direction, position = position,
    entry = { id = id, policy = "accept", protocol = protocol, portRange = ports, cidr = cloud.host_block(peer) } }
end

-- The cases where no entry is consulted: one vSwitch, no ACL bound, an always-allowed service
-- address. Returns that pass finding, or nil when the entries decide. `what` names the packets.
local function unfiltered(a, what)
  local c = a.codes
  local vsw = a.vswitch and a.vswitch.id or "?"
  if a.same then
    return pass { reason = c.same_vswitch, evidence = { vswitch = vsw },
      message = "both ends are on " .. vsw .. ": network ACLs do not filter " .. what .. " within a vSwitch" }
  end
  if not a.acl then
    return pass { reason = c.no_acl, evidence = { vswitch = vsw }, message = vsw .. " has no network ACL bound" }
  end
  local block = nacl.service_block(a.peer)
  if block then
    return pass { reason = c.service, evidence = { networkAcl = a.acl.id, serviceBlock = block },
      message = a.peer .. " is in " .. block .. ", which network ACLs always allow" }
  end
end

--- A forward-path finding for one ACL direction. `a` holds: codes = {allowed, denied,
--- no_match, no_acl, same_vswitch, service}, acl (or nil), direction ("ingress"/"egress"),
--- vswitch, same (both ends on one vSwitch), peer, protocol, port.
function nacl.forward_finding(a)
  local c = a.codes
  local vsw = a.vswitch and a.vswitch.id or "?"
  local early = unfiltered(a, "traffic")
  if early then return early end
  local traffic = cloud.traffic(a.protocol, a.port)
  local toward = (a.direction == "ingress" and "from " or "to ") .. a.peer
  local e, i = nacl.first_match(a.acl[a.direction], a.peer, a.protocol, a.port)
  local ev = entry_evidence(a.acl, a.direction, e, i, { vswitch = vsw, address = a.peer })
  if e and e.policy == "accept" then
    return pass { reason = c.allowed, evidence = ev, message = string.format("%s %s %s: entry %d, %s, accepts %s %s",
      a.acl.id, a.direction, vsw, i, entry_text(e, a.direction), traffic, toward) }
  end
  local ports = cloud.rule_ports(a.protocol, a.port)
  local suggestion, fix = add_entry(a.acl, a.direction, e and i or nil, a.protocol, ports, a.peer)
  if e then
    return fail { reason = c.denied, evidence = ev, suggestion = suggestion, fix = { fix },
      message = string.format("%s %s: entry %d, %s, drops %s %s", a.acl.id, a.direction, i, entry_text(e, a.direction), traffic, toward) }
  end
  local why = #a.acl[a.direction] == 0 and "has no " .. a.direction .. " entries, and an ACL with no entries denies"
    or "has no " .. a.direction .. " entry matching " .. traffic .. " " .. toward .. ", so it is denied"
  return fail { reason = c.no_match, evidence = ev, message = a.acl.id .. " (on " .. vsw .. ") " .. why,
    suggestion = suggestion, fix = { fix } }
end

--- The parts of port range `want` that entries in list order accept for the peer and protocol:
--- returns the accepted ranges, the denied ranges, and the entries that accepted some.
function nacl.port_coverage(entries, peer, protocol, want)
  local remaining, allowed, accepting = { { start = want.start, ["end"] = want["end"] } }, {}, {}
  local addr = net.cidr(peer)
  for _, c in ipairs(compiled(entries)) do
    if #remaining == 0 then break end
    local e = c.entry
    if net.protocol_matches(c.protocol, protocol) and addr and c.block and net.holds(c.block, addr) then
      local r = c.ports
      local next_remaining, took = {}, false
      for _, g in ipairs(remaining) do
        local lo = r.start == -1 and g.start or math.max(g.start, r.start)
        local hi = r.start == -1 and g["end"] or math.min(g["end"], r["end"])
        if lo <= hi then
          took = true
          if e.policy == "accept" then allowed[#allowed + 1] = { start = lo, ["end"] = hi } end
        end
        for _, rest in ipairs(net.uncovered(g, { r })) do next_remaining[#next_remaining + 1] = rest end
      end
      if took and e.policy == "accept" then accepting[#accepting + 1] = e.id end
      remaining = next_remaining
    end
  end
  -- Whatever no accept took (dropped, or matched by nothing) is denied.
  table.sort(allowed, function(x, y) return x.start < y.start end)
  return allowed, net.uncovered(want, allowed), accepting
end

local function ranges_text(list)
  local out = {}
  for _, r in ipairs(list) do out[#out + 1] = net.format_range(r) end
  return table.concat(out, ", ")
end

local function size(ranges)
  local n = 0
  for _, r in ipairs(ranges) do n = n + r["end"] - r.start + 1 end
  return n
end

--- A return-path finding: the reply (protocol, from the server's port to the client's ports)
--- through one ACL direction. `a` as for forward_finding, with `ports` = the client's range and
--- codes = {allowed, partial, denied, no_acl, same_vswitch, service}.
function nacl.return_finding(a)
  local c = a.codes
  local vsw = a.vswitch and a.vswitch.id or "?"
  local early = unfiltered(a, "replies")
  if early then return early end
  local entries = a.acl[a.direction]
  local toward = (a.direction == "ingress" and "from " or "to ") .. a.peer
  local want = a.ports
  if a.protocol == "icmp" or a.protocol == "gre" then want = nil end
  local allowed, denied, accepting
  if want then
    allowed, denied, accepting = nacl.port_coverage(entries, a.peer, a.protocol, want)
  else
    local e = nacl.first_match(entries, a.peer, a.protocol, -1)
    local ok = e and e.policy == "accept"
    allowed, denied, accepting = ok and { 1 } or {}, ok and {} or { 1 }, ok and { e.id } or {}
  end
  local what = "replies (" .. a.protocol .. (want and (" to ports " .. net.format_range(want)) or "") .. ")"
  local ev = { networkAcl = a.acl.id, direction = a.direction, vswitch = vsw, address = a.peer,
    entries = table.concat(accepting, ","), clientPorts = want and net.format_range(want) or "-1/-1" }
  local origin = want and a.origin and ("; client ports: " .. a.origin) or ""
  -- An assumed range decides only where the path's whole range agrees; else it is a warning.
  local wide_denied, wide_allowed
  if want and a.assumed and a.wide then
    wide_allowed, wide_denied = nacl.port_coverage(entries, a.peer, a.protocol, a.wide)
  end
  if #denied == 0 and not (wide_denied and #wide_denied > 0) then
    return pass { reason = c.allowed, evidence = ev,
      message = string.format("%s %s lets %s %s (entries %s)%s", a.acl.id, a.direction, what, toward, ev.entries, origin) }
  end
  -- An accept for the reply ports goes first, so no later drop can take it.
  local first = #entries > 0 and 1 or nil
  -- The suggestion text, and the same entries as what-if edits.
  local function suggest(ranges)
    local out, fixes = {}, {}
    for _, r in ipairs(ranges) do
      out[#out + 1], fixes[#fixes + 1] = add_entry(a.acl, a.direction, first, a.protocol, want and net.format_range(r) or "-1/-1", a.peer)
    end
    return table.concat(out, "; "), fixes
  end
  if #allowed == 0 and not (wide_allowed and #wide_allowed > 0) then
    local e, i = nacl.first_match(entries, a.peer, a.protocol, want and want.start or -1)
    ev.entry = e and e.id or "none"
    ev.position = i
    local suggestion, fix = suggest(want and { want } or { 1 })
    return fail { reason = c.denied, evidence = ev, suggestion = suggestion, fix = fix,
      message = string.format("%s %s (on %s) lets no %s %s: %s%s", a.acl.id, a.direction, vsw, what, toward,
        e and ("entry " .. i .. ", " .. entry_text(e, a.direction) .. ", decides first") or "no entry matches, so they are denied", origin) }
  end
  if #denied == 0 then
    -- Every assumed port is let through, but not every port of the path's range.
    ev.uncovered = ranges_text(wide_denied)
    local suggestion, fix = suggest(wide_denied)
    return warn { reason = c.partial, evidence = ev, suggestion = suggestion, fix = fix,
      message = string.format("%s %s lets %s %s%s; ports %s of %s are not let through, so a client whose range differs from the default gets no reply on them",
        a.acl.id, a.direction, what, toward, origin, ev.uncovered, net.format_range(a.wide)) }
  end
  ev.uncovered = ranges_text(denied)
  local share = want and math.floor(size(denied) * 100 / (want["end"] - want.start + 1) + 0.5)
  ev.share = share
  if #allowed == 0 then
    -- None of the assumed range, but part of the path's: the real range decides.
    local suggestion, fix = suggest(denied)
    return warn { reason = c.partial, evidence = ev, suggestion = suggestion, fix = fix,
      message = string.format("%s %s lets no %s %s%s, only ports %s of %s: a client whose range differs from the default may get replies",
        a.acl.id, a.direction, what, toward, origin, ranges_text(wide_allowed), net.format_range(a.wide)) }
  end
  local suggestion, fix = suggest(denied)
  return warn { reason = c.partial, evidence = ev, suggestion = suggestion, fix = fix,
    message = string.format("%s %s lets %s %s only on %s; ports %s are not let through: about %d%% of new connections get no reply%s",
      a.acl.id, a.direction, what, toward, ranges_text(allowed), ev.uncovered, share or 100, origin) }
end

return nacl
