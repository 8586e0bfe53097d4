id          = "public-access.outbound"
title       = "The source can reach the internet"
category    = "public-access"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni" } }
order       = 60
description = "Towards a public address the source needs its own public IP or EIP (with an active IPv4 "
  .. "gateway, also a route to it), or a route to an Internet NAT gateway with a SNAT entry covering it "
  .. "(longest source mask wins; SNAT is ignored for instances with their own public IP or EIP)."
reasons = {
  PUBLIC_OUT_OWN_ADDRESS = "The source has its own public IP or EIP (and, with an active IPv4 gateway, a route to it).",
  PUBLIC_OUT_SNAT = "The route leads to an Internet NAT gateway whose SNAT entry covers the source.",
  PUBLIC_OUT_NAT_IP_MAPPING = "The route leads to a NAT gateway with a DNAT IP mapping for the source, which it uses outbound.",
  PUBLIC_OUT_UNVERIFIED = "The route leads to a next hop (an instance acting as NAT, or one outside the VPC) whose internet access cannot be judged from the configuration.",
  PUBLIC_OUT_NO_PATH = {
    meaning = "The source has no public IP or EIP and its route for the destination leads to no usable NAT gateway or IPv4 gateway.",
    suggestion = "Bind an EIP to the source, or route 0.0.0.0/0 to an Internet NAT gateway with a SNAT entry for the source's vSwitch.",
  },
  PUBLIC_OUT_NO_SNAT_ENTRY = {
    meaning = "The route leads to a NAT gateway, but none of its SNAT entries covers the source.",
    suggestion = "Add a SNAT entry for the source's vSwitch (or address) to the NAT gateway, or bind an EIP to the source.",
  },
  PUBLIC_OUT_NO_PUBLIC_ADDRESS = {
    meaning = "The route leads to the VPC's IPv4 gateway, but the source has no public IP or EIP to use there.",
    suggestion = "Bind an EIP to the source, or route it through a NAT gateway with a SNAT entry.",
  },
  PUBLIC_OUT_IPV4_GATEWAY_NOT_ROUTED = {
    meaning = "The VPC has an active IPv4 gateway and the source's route table does not route the destination to it, so its public IP or EIP cannot be used.",
    suggestion = "Add a route 0.0.0.0/0 with next hop the IPv4 gateway to the source vSwitch's route table.",
  },
}

-- Only for traffic to a public address.
function applies(ctx)
  return ctx.source.interface ~= nil and cloud.internet_bound(ctx)
end

function check(ctx)
  local src = cloud.endpoint(ctx, "source")
  local vsw, target = src.vswitch and src.vswitch.id or src.interface.vswitchId, ctx.destination.ip
  local who = src.instance and src.instance.id or src.interface.id
  local gw4 = cloud.active_ipv4_gateway(ctx, src.interface.vpcId)
  local t = src.routeTable
  local route, state, phrase, hop
  if t then route, state, phrase, hop = routing.lookup(ctx, t, target) end
  local ev = { routeTable = t and t.id, route = route and route.id or "none",
    nextHopType = hop and hop.type, nextHop = hop and hop.id }
  local table_id = t and t.id or ("the route table of " .. vsw)
  if #src.publicIps > 0 then
    ev.publicIp = src.publicIps[1]
    if not gw4 then
      return pass { reason = "PUBLIC_OUT_OWN_ADDRESS", evidence = ev,
        message = who .. " uses its own public address " .. src.publicIps[1] .. " (routes and SNAT do not matter)" }
    end
    ev.ipv4Gateway = gw4.id
    if hop and hop.type == "Ipv4Gateway" and state == "ok" then
      return pass { reason = "PUBLIC_OUT_OWN_ADDRESS", evidence = ev,
        message = who .. " uses " .. src.publicIps[1] .. " through IPv4 gateway " .. gw4.id .. " (route " .. route.id .. ")" }
    end
    return fail { reason = "PUBLIC_OUT_IPV4_GATEWAY_NOT_ROUTED", evidence = ev,
      message = string.format("%s has %s, but %s has an active IPv4 gateway %s and %s routes %s %s", who, src.publicIps[1],
        src.interface.vpcId, gw4.id, table_id, target, route and ("to " .. phrase) or "nowhere"),
      suggestion = string.format("Add to %s a route 0.0.0.0/0 with next hop Ipv4Gateway %s", table_id, gw4.id) }
  end
  local bind = string.format("bind an EIP to %s", who)
  if hop and hop.type == "NatGateway" and state == "ok" then
    local gw = ctx.inventory.natGateways[hop.id]
    ev.natGateway = gw.id
    local mapping = cloud.dnat_to(ctx, src.interface.vpcId, src.privateIp, nil, nil, true)
    if mapping and mapping.externalIp then
      ev.dnatEntry = mapping.id
      return pass { reason = "PUBLIC_OUT_NAT_IP_MAPPING", evidence = ev,
        message = string.format("%s leaves through %s using its DNAT IP mapping %s (%s)", who, gw.id, mapping.id, mapping.externalIp) }
    end
    local snat = cloud.snat_entry(ctx, src.interface.vpcId, src.vswitch, src.privateIp, gw)
    if snat then
      ev.snatEntry, ev.snatIp = snat.id, snat.snatIp
      return pass { reason = "PUBLIC_OUT_SNAT", evidence = ev,
        message = string.format("%s leaves through %s (route %s), SNAT entry %s (%s) translating to %s", who, gw.id, route.id,
          snat.id, snat.sourceVSwitchId or snat.sourceCidr, snat.snatIp) }
    end
    ev.snatEntry = "none"
    return fail { reason = "PUBLIC_OUT_NO_SNAT_ENTRY", evidence = ev,
      message = string.format("%s routes %s to %s (route %s), but no SNAT entry of %s covers %s (%s)", table_id, target, gw.id,
        route.id, gw.id, src.privateIp, vsw),
      suggestion = string.format("Add to %s a SNAT entry: source vSwitch %s, SNAT IP %s; or %s", gw.id, vsw,
        gw.ips[1] or "one of its EIPs", bind) }
  end
  if hop and hop.type == "Ipv4Gateway" and state == "ok" then
    return fail { reason = "PUBLIC_OUT_NO_PUBLIC_ADDRESS", evidence = ev,
      message = string.format("%s routes %s to IPv4 gateway %s, but %s has no public IP or EIP", table_id, target, hop.id, who),
      suggestion = string.format("Bind an EIP to %s, or route 0.0.0.0/0 to a NAT gateway with a SNAT entry for %s", who, vsw) }
  end
  if route and (state == "ok" or state == "leaves" or state == "unchecked") then
    return warn { reason = "PUBLIC_OUT_UNVERIFIED", evidence = ev,
      message = string.format("%s has no public address; %s routes %s to %s, which may or may not reach the internet", who, table_id, target, phrase) }
  end
  return fail { reason = "PUBLIC_OUT_NO_PATH", evidence = ev,
    message = string.format("%s has no public IP or EIP, and %s %s", who, table_id,
      route and ("routes " .. target .. " via route " .. route.id .. " to " .. phrase) or ("has no route for " .. target)),
    suggestion = string.format("%s, or add to %s a route 0.0.0.0/0 to an Internet NAT gateway with a SNAT entry for %s",
      bind:gsub("^b", "B"), table_id, vsw) }
end
