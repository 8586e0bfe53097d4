-- Security group evaluation shared by security-group.ingress and security-group.egress.
-- The rules of every group on the ENI are merged, sorted by priority (smaller first), drop
-- before accept at equal priority; the first match decides; else the default of the type.

local secgroup = {}

--- Whether `addr` is one of a group reference's members (their private IPs).
local function is_member(ctx, groupId, addr)
  for _, ip in ipairs(ctx.inventory.groupMembers[groupId] or {}) do
    if ip == addr then return true end
  end
  return false
end

--- Whether a rule's peer (CIDR, IPv6 CIDR, prefix list or group) holds `addr`.
local function peer_holds(ctx, rule, addr)
  if rule.cidr and net.contains(rule.cidr, addr) then return true end
  if rule.ipv6Cidr and net.contains(rule.ipv6Cidr, addr) then return true end
  if rule.prefixListId then
    local list = ctx.inventory.prefixLists[rule.prefixListId]
    for _, block in ipairs(list and list.cidrs or {}) do
      if net.contains(block, addr) then return true end
    end
  end
  if rule.groupId and is_member(ctx, rule.groupId, addr) then return true end
  return false
end

--- Whether a rule's optional source port range matches the client's ports. *(assumed)*
--- We know the client's port range, not its port: an accept needs to cover all of it, a drop
--- matches when it touches any of it (so the verdict errs on the side of "blocked").
local function source_ports_match(rule, client)
  local r = rule.sourcePortRange
  if not r or r.start == -1 then return true end
  if rule.policy == "accept" then
    return #net.uncovered(client, { r }) == 0
  end
  return r.start <= client["end"] and r["end"] >= client.start
end

--- The peer of a rule as the cloud writes it.
function secgroup.peer_text(rule)
  return rule.cidr or rule.ipv6Cidr or rule.prefixListId or rule.groupId or "(no peer)"
end

--- The default type of the groups: "enterprise" when any group is one (an ENI's groups are
--- all of one type; mixed lists are an inventory warning), else "basic".
local function group_kind(groups)
  for _, g in ipairs(groups) do
    if g.type == "enterprise" then return "enterprise" end
  end
  return "basic"
end

--- Decides traffic against the groups (a list of SecurityGroup) in `direction` ("ingress" or
--- "egress") with the remote address `peer`, `protocol`, destination `port` and the client's
--- port range `client`. Returns a decision table:
---   { policy = "accept"|"drop", group = SecurityGroup, rule = SecurityGroupRule } for a rule, or
---   { policy, default = "basic"|"enterprise", inner = SecurityGroup|nil } for a default.
function secgroup.decide(ctx, groups, direction, peer, protocol, port, client)
  local merged = {}
  for gi, g in ipairs(groups) do
    for ri, r in ipairs(g.rules) do
      if r.direction == direction then
        merged[#merged + 1] = { group = g, rule = r, gi = gi, ri = ri }
      end
    end
  end
  table.sort(merged, function(a, b)
    if a.rule.priority ~= b.rule.priority then return a.rule.priority < b.rule.priority end
    if a.rule.policy ~= b.rule.policy then return a.rule.policy == "drop" end
    if a.gi ~= b.gi then return a.gi < b.gi end
    return a.ri < b.ri
  end)
  for _, m in ipairs(merged) do
    local r = m.rule
    if net.protocol_matches(r.protocol, protocol) and net.port_in(r.portRange, port)
        and peer_holds(ctx, r, peer) and source_ports_match(r, client) then
      return { policy = r.policy, group = m.group, rule = r }
    end
  end
  local kind = group_kind(groups)
  if kind == "enterprise" then return { policy = "drop", default = kind } end
  if direction == "egress" then return { policy = "accept", default = kind } end
  -- Basic groups: members of the same group reach each other when its InnerAccessPolicy is
  -- Accept. *(assumed)* it governs the ingress default only, and any shared Accept group admits.
  local isolated
  for _, g in ipairs(groups) do
    if is_member(ctx, g.id, peer) then
      if g.innerAccessPolicy == "Accept" then return { policy = "accept", default = kind, inner = g } end
      isolated = isolated or g
    end
  end
  return { policy = "drop", default = kind, isolatedBy = isolated }
end

--- Evidence naming what decided.
function secgroup.evidence(d, groups, peer)
  if d.rule then
    return {
      securityGroup = d.group.id, rule = d.rule.id, priority = d.rule.priority, policy = d.rule.policy,
      protocol = d.rule.protocol, portRange = net.format_range(d.rule.portRange),
      peer = secgroup.peer_text(d.rule), address = peer,
    }
  end
  local ids = {}
  for _, g in ipairs(groups) do ids[#ids + 1] = g.id end
  local inner = d.inner or d.isolatedBy
  return {
    securityGroup = table.concat(ids, ","), rule = "default", default = d.default, policy = d.policy,
    innerAccessGroup = inner and inner.id or nil,
    innerAccessPolicy = inner and inner.innerAccessPolicy or nil, address = peer,
  }
end

--- One line saying what decided: "by <group> rule …", or "as no rule matched …".
function secgroup.describe(d, groups, direction)
  if d.rule then
    return string.format("by %s rule %s (priority %d, %s %s %s, %s)", d.group.id, d.rule.id,
      d.rule.priority, d.rule.policy, d.rule.protocol, net.format_range(d.rule.portRange),
      secgroup.peer_text(d.rule))
  end
  if d.inner then
    return string.format("as no rule matched and %s lets its members reach each other (InnerAccessPolicy Accept)", d.inner.id)
  end
  if d.isolatedBy then
    return string.format("as no rule matched, %s isolates its members (InnerAccessPolicy Drop) and a basic group denies inbound by default", d.isolatedBy.id)
  end
  local ids = {}
  for _, g in ipairs(groups) do ids[#ids + 1] = g.id end
  local what = d.default == "enterprise" and "an enterprise group denies both directions"
    or (direction == "egress" and "a basic group accepts outbound" or "a basic group denies inbound")
  return string.format("as no rule matched: default of %s %s group (%s): %s", d.default == "enterprise" and "an" or "a",
    d.default, table.concat(ids, ", "), what)
end

--- The rule to add so that the traffic is accepted, written as the console asks for it.
function secgroup.suggestion(d, groups, direction, peer, protocol, port)
  local side = direction == "ingress" and "source" or "destination"
  local block = cloud.host_block(peer)
  local target = d.rule and d.group or groups[1]
  local priority = 1
  if d.rule then
    if d.rule.priority <= 1 then
      return string.format("Change %s rule %s (priority 1, drop %s %s %s): narrow its peer so it no longer covers %s, "
        .. "or raise its priority number to 2; then add to %s: %s, accept, priority 1, %s %s, %s %s",
        d.group.id, d.rule.id, d.rule.protocol, net.format_range(d.rule.portRange), secgroup.peer_text(d.rule),
        peer, target.id, direction, protocol, cloud.rule_ports(protocol, port), side, block)
    end
    priority = d.rule.priority - 1
  end
  return string.format("Add to %s: %s, accept, priority %d, %s %s, %s %s", target.id, direction, priority,
    protocol, cloud.rule_ports(protocol, port), side, block)
end

return secgroup
