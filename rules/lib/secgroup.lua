-- Security group evaluation shared by security-group.ingress and security-group.egress.
-- The rules of every group on the ENI are merged, sorted by priority (smaller first), drop
-- before accept at equal priority; the first match decides; else the default of the type.

local secgroup = {}

-- Derived data is cached per inventory object: the keys are the read-only inventory tables,
-- held weakly, so binding another inventory (new tables) starts afresh.
local member_sets = setmetatable({}, { __mode = "k" })
local sorted_lists = setmetatable({}, { __mode = "k" })

--- Whether `addr` is one of a group reference's members (their private IPs).
local function is_member(ctx, groupId, addr)
  local members = ctx.inventory.groupMembers[groupId]
  if not members then return false end
  local set = member_sets[members]
  if not set then
    set = {}
    for _, ip in ipairs(members) do set[ip] = true end
    member_sets[members] = set
  end
  return set[addr] == true
end

-- A compiled rule is an array, named by these slots: a region-scale engine keeps hundreds of
-- thousands, and an array holds them in half the memory of a table with named fields. KEY orders
-- the rules (see sorted); PEER is filled the first time a packet reaches the rule.
local RULE, KEY, PROTOCOL, FIRST_PORT, LAST_PORT, PEER, PORT_LIST = 1, 2, 3, 4, 5, 6, 7

-- A compiled rule's peer, parsed the first time a packet reaches it in the walk: most rules of a
-- group never get that far (another protocol or port), and parsing is most of compiling.
local function peer_of(e)
  local peer = e[PEER]
  if peer then return peer end
  local r = e[RULE]
  peer = {
    cidr = r.cidr and net.cidr(r.cidr), cidr6 = r.ipv6Cidr and net.cidr(r.ipv6Cidr),
    prefixListId = r.prefixListId, groupId = r.groupId,
  }
  e[PEER] = peer
  return peer
end

--- Whether a rule's peer (CIDR, IPv6 CIDR, prefix list or group) holds `addr` (`parsed`, its
--- net.cidr, nil when it is not an address). Nil when the rule names a prefix list the inventory
--- does not hold: whether it matches cannot be known.
local function peer_holds(ctx, e, addr, parsed)
  local p = peer_of(e)
  if parsed and ((p.cidr and net.holds(p.cidr, parsed)) or (p.cidr6 and net.holds(p.cidr6, parsed))) then
    return true
  end
  if p.prefixListId then
    local list = ctx.inventory.prefixLists[p.prefixListId]
    if not list then return nil end
    for _, block in ipairs(list.cidrs) do
      if net.contains(block, addr) then return true end
    end
  end
  if p.groupId and is_member(ctx, p.groupId, addr) then return true end
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

-- A rule's sort key: priority, then drop before accept, then rule order; `key // ACCEPT_BIT`
-- drops the rule order, which merging the groups' lists replaces with group order.
local ACCEPT_BIT, ORDER_BITS = 1 << 21, 1 << 22

-- A rule with what ordering and the cheap tests need, read out of the inventory once; the peer
-- is parsed when first needed (peer_of).
local function compiled(r, ri)
  local ports = r.portRange
  local key = r.priority * ORDER_BITS + (r.policy == "drop" and 0 or ACCEPT_BIT) + ri
  return { r, key, (r.protocol or "all"):lower(), ports.start, ports["end"], false, r.portRangeListId or false }
end

--- The rules of one group in `direction`, in evaluation order (priority, drop before accept,
--- then rule order), compiled once per group and reused: inventory objects do not change.
function secgroup.sorted(g, direction)
  local per_group = sorted_lists[g]
  if not per_group then
    per_group = {}
    sorted_lists[g] = per_group
  end
  local list = per_group[direction]
  if list then return list end
  -- Sorted by one integer key per rule with the built-in comparison (no Lua call per compare).
  local keys, by_key = {}, {}
  for ri, r in ipairs(g.rules) do
    if r.direction == direction then
      local e = compiled(r, ri)
      keys[#keys + 1] = e[KEY]
      by_key[e[KEY]] = e
    end
  end
  table.sort(keys)
  list = {}
  for i, key in ipairs(keys) do list[i] = by_key[key] end
  per_group[direction] = list
  return list
end

-- Whether compiled rule `a` of group `ga` comes before `b` of group `gb` in the merged order.
local function before(a, ga, b, gb)
  local ka, kb = a[KEY] // ACCEPT_BIT, b[KEY] // ACCEPT_BIT
  if ka ~= kb then return ka < kb end
  return ga < gb
end

-- The merged evaluation order of a list of groups in one direction, as a flat array (entry,
-- group, entry, group, …), cached under the groups themselves: one nested weak table per group,
-- so the same read-only group tables in the same order share one order, whichever list holds
-- them, and binding another inventory (new tables) starts afresh.
local merged_orders = setmetatable({}, { __mode = "k" })

local function merged(groups, direction)
  local node = merged_orders
  for _, g in ipairs(groups) do
    local child = node[g]
    if not child then
      child = setmetatable({}, { __mode = "k" })
      node[g] = child
    end
    node = child
  end
  local order = node[direction]
  if order then return order end
  local lists, heads = {}, {}
  for gi, g in ipairs(groups) do
    lists[gi] = secgroup.sorted(g, direction)
    heads[gi] = 1
  end
  order = {}
  while true do
    local best, best_entry
    for gi, list in ipairs(lists) do
      local e = list[heads[gi]]
      if e and (not best or before(e, gi, best_entry, best)) then best, best_entry = gi, e end
    end
    if not best then break end
    heads[best] = heads[best] + 1
    order[#order + 1] = best_entry
    order[#order + 1] = groups[best]
  end
  node[direction] = order
  return order
end

--- Calls `visit(entry, group)` (entry: a compiled rule, whose RULE slot is the group's rule) on
--- the rules of every group in `direction` in the merged evaluation order — priority (smaller
--- first), drop before accept at equal priority, then group and rule order — until `visit`
--- returns a value, which is returned. The merged order is computed once per list of groups.
function secgroup.walk(groups, direction, visit)
  local order = merged(groups, direction)
  for i = 1, #order, 2 do
    local result = visit(order[i], order[i + 1])
    if result ~= nil then return result end
  end
  return nil
end

local every_port = { start = 1, ["end"] = 65535 }

-- net.port_in on a compiled rule's range, or on its port list's ranges when it names one: nil
-- when that list is not in the inventory (the rule's own range, -1/-1, says nothing then).
local function port_matches(ctx, e, port)
  local list_id = e[PORT_LIST]
  if list_id then
    local list = ctx.inventory.portRangeLists[list_id]
    if not list then return nil end
    if port == nil or port == -1 then return #net.uncovered(every_port, list.ranges) == 0 end
    for _, r in ipairs(list.ranges) do
      if port >= r.start and port <= r["end"] then return true end
    end
    return false
  end
  local first, last = e[FIRST_PORT], e[LAST_PORT]
  if first == -1 then return true end
  if port == nil or port == -1 then return first <= 1 and last >= 65535 end
  return port >= first and port <= last
end

-- The decision of the known rules and defaults (secgroup.decide).
local function decide_known(ctx, groups, direction, peer, protocol, port, client)
  local ip = net.ip(peer) and net.cidr(peer)
  protocol = protocol:lower()
  local decided = secgroup.walk(groups, direction, function(e, g)
    local proto, rule = e[PROTOCOL], e[RULE]
    if not (proto == "all" or proto == "-1" or proto == protocol) then return nil end
    local ports = port_matches(ctx, e, port)
    if ports == false then return nil end
    local held = peer_holds(ctx, e, peer, ip)
    if held == false or not source_ports_match(rule, client) then return nil end
    if ports == nil or held == nil then
      return { undecided = true, group = g, rule = rule,
               portRangeListId = ports == nil and rule.portRangeListId or nil,
               prefixListId = held == nil and rule.prefixListId or nil }
    end
    return { policy = rule.policy, group = g, rule = rule }
  end)
  if decided then return decided end
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

--- Decides traffic against the groups (a list of SecurityGroup) in `direction` ("ingress" or
--- "egress") with the remote address `peer`, `protocol`, destination `port` and the client's
--- port range `client`. Returns a decision table:
---   { policy = "accept"|"drop", group = SecurityGroup, rule = SecurityGroupRule } for a rule, or
---   { policy, default = "basic"|"enterprise", inner = SecurityGroup|nil } for a default, or
---   { undecided = true, group, rule, portRangeListId | prefixListId } when the first rule that may
---   match names a port list or prefix list the inventory lacks: the verdict cannot be known;
---   { undecided = true, group, rulesMissing } when a group's rules are unknown (`rulesMissing`
---   set by the loader) and the known rules do not decide by a priority-1 drop.
function secgroup.decide(ctx, groups, direction, peer, protocol, port, client)
  local d = decide_known(ctx, groups, direction, peer, protocol, port, client)
  if d.undecided then return d end
  -- No rule ranks above priority 1, and at equal priority drops come first: a priority-1 drop
  -- stands whatever the unknown rules hold. Anything else one of them may overturn.
  if d.rule and d.policy == "drop" and d.rule.priority <= 1 then return d end
  for _, g in ipairs(groups) do
    if g.rulesMissing then return { undecided = true, group = g, rulesMissing = g.rulesMissing } end
  end
  return d
end

--- Evidence naming what decided.
function secgroup.evidence(d, groups, peer)
  if d.rule then
    return {
      securityGroup = d.group.id, rule = d.rule.id, priority = d.rule.priority, policy = d.rule.policy,
      protocol = d.rule.protocol, portRange = net.format_range(d.rule.portRange),
      portRangeList = d.rule.portRangeListId, peer = secgroup.peer_text(d.rule), address = peer,
      missingPortRangeList = d.portRangeListId, missingPrefixList = d.prefixListId,
    }
  end
  local ids = {}
  for _, g in ipairs(groups) do ids[#ids + 1] = g.id end
  if d.rulesMissing then
    return { securityGroup = table.concat(ids, ","), rule = "unknown", missingRules = d.group.id, address = peer }
  end
  local inner = d.inner or d.isolatedBy
  return {
    securityGroup = table.concat(ids, ","), rule = "default", default = d.default, policy = d.policy,
    innerAccessGroup = inner and inner.id or nil,
    innerAccessPolicy = inner and inner.innerAccessPolicy or nil, address = peer,
  }
end

-- A rule's ports as the cloud writes them: its range, or the port list it names.
local function ports_text(rule)
  if rule.portRangeListId then return "port list " .. rule.portRangeListId end
  return net.format_range(rule.portRange)
end

--- One line saying what decided: "by <group> rule …", or "as no rule matched …".
function secgroup.describe(d, groups, direction)
  if d.rule then
    return string.format("by %s rule %s (priority %d, %s %s %s, %s)", d.group.id, d.rule.id,
      d.rule.priority, d.rule.policy, d.rule.protocol, ports_text(d.rule), secgroup.peer_text(d.rule))
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

--- Why a decision is undecided, and how to make it decidable.
function secgroup.undecided_text(d)
  if d.rulesMissing then
    return string.format("the rules of %s are not in the inventory (%s), and no known priority-1 drop decides, "
      .. "so any of them may", d.group.id, d.rulesMissing),
      "Add DescribeSecurityGroupAttribute/" .. d.group.id .. ".json (this group's own response) to the inventory and diagnose again"
  end
  local what = d.portRangeListId and ("port list " .. d.portRangeListId) or ("prefix list " .. tostring(d.prefixListId))
  local collect = d.portRangeListId
    and ("DescribePortRangeLists.json and DescribePortRangeListEntries/" .. d.portRangeListId .. ".json")
    or ("DescribePrefixListAttributes/" .. tostring(d.prefixListId) .. ".json")
  return string.format("%s rule %s (priority %d, %s %s) names %s, which the inventory does not hold, so whether it "
    .. "matches is unknown", d.group.id, d.rule.id, d.rule.priority, d.rule.policy, d.rule.protocol, what),
    "Add " .. collect .. " to the inventory and diagnose again"
end

-- A deterministic id for a rule netdiag suggests: what it accepts, so applying it twice is refused.
local function fix_id(direction, protocol, port, peer)
  local what = (port == nil or port == -1) and "all" or tostring(port)
  local id = ("sgr-netdiag-" .. direction .. "-" .. protocol .. "-" .. what .. "-" .. peer):gsub("[.:/]", "-")
  return id
end

--- The rule to add so that the traffic is accepted: the suggestion as the console asks for it,
--- and the same edit as a fix (a list of what-if edits), or nil when no edit is safe to make.
--- The accept covers exactly the protocol, port and peer host, at a priority that precedes the
--- drop that decided (nothing before it matched, so nothing else changes order); with no rule
--- matching, any priority wins. A drop at priority 1 cannot be preceded: what it should stop
--- blocking is the operator's decision (narrow it, or move it), so that gets no fix.
function secgroup.suggestion(d, groups, direction, peer, protocol, port)
  local side = direction == "ingress" and "source" or "destination"
  local block = cloud.host_block(peer)
  local target = d.rule and d.group or groups[1]
  local ports = cloud.rule_ports(protocol, port)
  local priority = 1
  if d.rule then
    if d.rule.priority <= 1 then
      return string.format("Change %s rule %s (priority 1, drop %s %s %s): narrow its peer so it no longer covers %s, "
        .. "or raise its priority number to 2; then add to %s: %s, accept, priority 1, %s %s, %s %s",
        d.group.id, d.rule.id, d.rule.protocol, ports_text(d.rule), secgroup.peer_text(d.rule),
        peer, target.id, direction, protocol, ports, side, block), nil
    end
    -- A drop above 100 (a system-created rule) is outranked by any number the console accepts.
    priority = math.min(d.rule.priority - 1, 100)
  end
  local ip = net.ip(peer)
  local rule = { id = fix_id(direction, protocol, port, peer), direction = direction, policy = "accept",
    priority = priority, protocol = protocol, portRange = ports }
  rule[(ip and ip.family == 6) and "ipv6Cidr" or "cidr"] = block
  return string.format("Add to %s: %s, accept, priority %d, %s %s, %s %s (rule %s)", target.id, direction, priority,
    protocol, ports, side, block, rule.id),
    { { op = "add-security-group-rule", group = target.id, rule = rule } }
end

return secgroup
