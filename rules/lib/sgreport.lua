-- How a security group decision (secgroup.decide) is reported: the evidence naming what
-- decided, the one-line description, why an undecided one is undecided, and the suggestion and
-- fix that would let the traffic through. Shared by security-group.ingress and .egress.

local sgreport = {}

--- Evidence naming what decided.
function sgreport.evidence(d, groups, peer)
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
function sgreport.describe(d, groups, direction)
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
function sgreport.undecided_text(d)
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
function sgreport.suggestion(d, groups, direction, peer, protocol, port)
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

return sgreport
