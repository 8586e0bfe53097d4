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
-- is its rank (priority, drop first), between which merging the groups' lists puts group order.
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
  -- One integer key per rule again, sorted by the built-in comparison: the rule's rank
  -- (priority, drop first), then the group's position in the list, then the rule's in its group.
  local slots = #groups * ACCEPT_BIT
  local keys, by_key = {}, {}
  for gi, g in ipairs(groups) do
    for _, e in ipairs(secgroup.sorted(g, direction)) do
      local k = e[KEY]
      local key = k // ACCEPT_BIT * slots + (gi - 1) * ACCEPT_BIT + k % ACCEPT_BIT
      keys[#keys + 1] = key
      by_key[key] = e
    end
  end
  table.sort(keys)
  order = {}
  for i, key in ipairs(keys) do
    order[2 * i - 1] = by_key[key]
    order[2 * i] = groups[key % slots // ACCEPT_BIT + 1]
  end
  node[direction] = order
  return order
end

local every_port = { start = 1, ["end"] = 65535 }

-- Whether a port list holds the packet's port (a packet without one: when the list covers
-- every port); nil when the list is not in the inventory (the rule's own -1/-1 says nothing).
local function port_list_matches(ctx, list_id, port)
  local list = ctx.inventory.portRangeLists[list_id]
  if not list then return nil end
  if port == nil or port == -1 then return #net.uncovered(every_port, list.ranges) == 0 end
  for _, r in ipairs(list.ranges) do
    if port >= r.start and port <= r["end"] then return true end
  end
  return false
end

-- The first rule of the walk that matches, as a decision (secgroup.decide), or nil.
-- The walk: the rules of every group in `direction` in the merged evaluation order (priority,
-- smaller first; drop before accept at equal priority; then group and rule order). It visits
-- most of a group's rules for every packet (an internet source matches none of the private
-- blocks), so each is first tested on its protocol and port range, read from the compiled
-- entry, before anything else.
local function first_match(ctx, groups, direction, peer, protocol, port, client)
  local ip = net.ip(peer) and net.cidr(peer)
  local order = merged(groups, direction)
  local portless = port == nil or port == -1
  for i = 1, #order, 2 do
    local e = order[i]
    local proto = e[PROTOCOL]
    if proto == protocol or proto == "all" or proto == "-1" then
      local ports, list_id = true, e[PORT_LIST]
      if list_id then
        ports = port_list_matches(ctx, list_id, port)
      else
        local first = e[FIRST_PORT]
        if first ~= -1 then
          if portless then ports = first <= 1 and e[LAST_PORT] >= 65535
          else ports = port >= first and port <= e[LAST_PORT] end
        end
      end
      if ports ~= false then
        local rule = e[RULE]
        local held = peer_holds(ctx, e, peer, ip)
        if held ~= false and source_ports_match(rule, client) then
          local g = order[i + 1]
          if ports == nil or held == nil then
            return { undecided = true, group = g, rule = rule,
                     portRangeListId = ports == nil and rule.portRangeListId or nil,
                     prefixListId = held == nil and rule.prefixListId or nil }
          end
          return { policy = rule.policy, group = g, rule = rule }
        end
      end
    end
  end
  return nil
end

-- The decision of the known rules and defaults (secgroup.decide).
local function decide_known(ctx, groups, direction, peer, protocol, port, client)
  local decided = first_match(ctx, groups, direction, peer, protocol:lower(), port, client)
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

return secgroup
