-- Route lookups shared by route.forward and route.return: longest-prefix match in the table
-- bound to a vSwitch, then what the next hop is and whether it can carry the traffic.

local routing = {}

-- Next hops that take traffic out of the VPC: what happens beyond them is not in one VPC's
-- configuration, so the rules say so instead of guessing. *(assumed)* IPv6Gateway and
-- GatewayEndpoint count too (internet over IPv6, cloud-service endpoints).
routing.LEAVES_VPC = {
  VpnGateway = "a VPN gateway", Attachment = "a transit router attachment",
  RouterInterface = "a router interface (peering / express connect)", CenBasic = "a CEN instance",
  Ecr = "an express connect router", VpcPeer = "a VPC peering connection",
  IPv6Gateway = "an IPv6 gateway", GatewayEndpoint = "a gateway endpoint (cloud service)",
}

local ok_status = cloud.CHOICES

--- The state of one next hop: "local", "service", "ok", "missing", "down", "leaves" or
--- "unchecked", and a phrase describing it.
function routing.hop_state(ctx, vpcId, hop)
  local inv, t, id = ctx.inventory, hop.type, hop.id
  local name = t .. (id ~= "" and (" " .. id) or "")
  if not hop.enabled then return "down", name .. " is disabled" end
  if t == "local" then return "local", "local (within the VPC)" end
  if t == "service" then return "service", "cloud services (100.64.0.0/10)" end
  if routing.LEAVES_VPC[t] then return "leaves", name .. ", " .. routing.LEAVES_VPC[t] .. " outside the VPC" end
  if t == "Instance" then
    local i = inv.instances[id]
    if not i then return "missing", name .. " is not in the inventory" end
    if i.status ~= ok_status.instance_running then return "down", name .. " is " .. i.status end
    return "ok", name .. " (Running; it must forward the traffic)"
  end
  if t == "NetworkInterface" then
    local e = inv.networkInterfaces[id]
    if not e then return "missing", name .. " is not in the inventory" end
    if e.status ~= ok_status.eni_in_use then return "down", name .. " is " .. e.status end
    local i = e.instanceId and inv.instances[e.instanceId]
    if i and i.status ~= ok_status.instance_running then return "down", name .. "'s instance " .. i.id .. " is " .. i.status end
    return "ok", name .. " (InUse; its instance must forward the traffic)"
  end
  if t == "NatGateway" then
    local g = inv.natGateways[id]
    if not g then return "missing", name .. " is not in the inventory" end
    if g.status ~= ok_status.gateway_available then return "down", name .. " is " .. g.status end
    return "ok", name
  end
  if t == "Ipv4Gateway" then
    local g = inv.ipv4Gateways[vpcId]
    if not g or (id ~= "" and g.id ~= id) then return "missing", name .. " is not in the inventory" end
    if not g.enabled then return "down", name .. " is not enabled" end
    return "ok", name
  end
  return "unchecked", name .. " (this next hop type is not in the inventory, so it is not checked)"
end

--- The route for `ip` in `table`, and the state of its next hop. With several next hops
--- (ECMP) a usable one is preferred. Returns route (or nil), state, phrase, hop.
function routing.lookup(ctx, table_, ip)
  local route = net.longest_match(table_.entries, ip)
  if not route then return nil end
  if route.status ~= ok_status.gateway_available then
    return route, "down", "the route is " .. route.status, route.nextHops[1]
  end
  if #route.nextHops == 0 then return route, "missing", "the route has no next hop", nil end
  local first
  for _, hop in ipairs(route.nextHops) do
    local state, phrase = routing.hop_state(ctx, table_.vpcId, hop)
    if state == "ok" or state == "local" or state == "service" then return route, state, phrase, hop end
    first = first or { state, phrase, hop }
  end
  return route, first[1], first[2], first[3]
end

--- A finding for the route towards `ip` from an end (`ep`, from cloud.endpoint). `a` holds:
--- codes = {local_, service, via, direct, no_table, no_route, missing, down, leaves, unchecked},
--- ep, ip, public (true when `ip` is reached over the internet), label ("to" or "back to").
function routing.finding(ctx, a)
  local c, ep = a.codes, a.ep
  local vpcId = ep.vpc and ep.vpc.id or ep.interface.vpcId
  local gw4 = cloud.active_ipv4_gateway(ctx, vpcId)
  if a.public and #ep.publicIps > 0 and not gw4 then
    return pass { reason = c.direct, evidence = { publicIp = ep.publicIps[1], vpc = vpcId },
      message = string.format("%s reaches the internet through its public address %s, independent of the route tables (the VPC has no active IPv4 gateway)",
        ep.interface.id, ep.publicIps[1]) }
  end
  local t = ep.routeTable
  if not t then
    return skip { reason = c.no_table, evidence = { vswitch = ep.vswitch and ep.vswitch.id },
      message = "the route table of " .. (ep.vswitch and ep.vswitch.id or ep.interface.vswitchId) .. " is not in the inventory" }
  end
  local route, state, phrase, hop = routing.lookup(ctx, t, a.ip)
  if not route then
    local fix = a.public
      and string.format("Add to %s a route 0.0.0.0/0 with next hop an Internet NAT gateway whose SNAT entry covers %s (or bind an EIP to %s)",
        t.id, ep.vswitch and ep.vswitch.id or ep.privateIp, ep.instance and ep.instance.id or ep.interface.id)
      or string.format("Add to %s a route for %s whose next hop reaches it (a VPC peering connection, CEN or transit router attachment when it is in another VPC)",
        t.id, cloud.host_block(a.ip))
    return fail { reason = c.no_route, evidence = { routeTable = t.id, address = a.ip, route = "none" },
      message = string.format("%s has no route %s %s (longest-prefix match found nothing)", t.id, a.label, a.ip),
      suggestion = fix }
  end
  local ev = { routeTable = t.id, route = route.id, destination = route.destination, address = a.ip,
    nextHopType = hop and hop.type or "none", nextHop = hop and hop.id or "" }
  local head = string.format("%s route %s (%s) %s %s: next hop %s", t.id, route.id, route.destination, a.label, a.ip, phrase)
  if state == "local" then return pass { reason = c.local_, evidence = ev, message = head } end
  if state == "service" then return pass { reason = c.service, evidence = ev, message = head } end
  if state == "ok" then return pass { reason = c.via, evidence = ev, message = head } end
  if state == "leaves" then
    return warn { reason = c.leaves, evidence = ev,
      message = head .. "; what happens beyond it is not in this VPC's configuration and is not diagnosed" }
  end
  if state == "unchecked" then return warn { reason = c.unchecked, evidence = ev, message = head } end
  local what = hop and (hop.type .. (hop.id ~= "" and (" " .. hop.id) or "")) or "a next hop"
  if state == "missing" then
    return fail { reason = c.missing, evidence = ev, message = head,
      suggestion = string.format("Point route %s (%s) in %s at an existing next hop, or restore %s", route.id, route.destination, t.id, what) }
  end
  return fail { reason = c.down, evidence = ev, message = head,
    suggestion = string.format("Start or enable %s, or point route %s (%s) in %s at a running next hop", what, route.id, route.destination, t.id) }
end

return routing
