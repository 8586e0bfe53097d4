id          = "route.return"
title       = "The destination's route table has a usable route back to the source"
category    = "route"
severity    = "critical"
applies_to  = { side = "return", objects = { "instance", "eni", "public-ip" } }
order       = 50
description = "Replies need a route too: longest-prefix match in the route table bound to the destination "
  .. "vSwitch for the source address as the destination sees it, then the next hop, judged as for "
  .. "route.forward. Replies to DNAT traffic go back through the NAT gateway's session; replies from "
  .. "an instance's own public IP or EIP need no route when the VPC has no active IPv4 gateway."
reasons = {
  ROUTE_RETURN_LOCAL = "A local (system) route carries the replies within the VPC.",
  ROUTE_RETURN_SERVICE = "The system route to cloud services (100.64.0.0/10) carries the replies.",
  ROUTE_RETURN_NEXT_HOP_OK = "The matching route's next hop exists and runs.",
  ROUTE_RETURN_INTERNET_DIRECT = "The destination's own public IP or EIP carries the replies, independent of the route tables.",
  ROUTE_RETURN_VIA_NAT = "The traffic arrived through a DNAT entry; replies go back through the NAT gateway's session.",
  ROUTE_RETURN_LEAVES_VPC = "The route back leaves the VPC; the rest of the return path is not diagnosed.",
  ROUTE_RETURN_NEXT_HOP_UNCHECKED = "The next hop's type (e.g. HaVip) is not in the inventory, so it was not checked.",
  ROUTE_RETURN_TABLE_UNKNOWN = "The destination vSwitch's route table is not in the inventory.",
  ROUTE_RETURN_NO_SOURCE_ADDRESS = "The source has no public address to reach a public destination with; public-access.outbound reports why.",
  ROUTE_RETURN_NO_ROUTE = {
    meaning = "No route in the destination's table covers the source address, so replies are lost.",
    suggestion = "Add a route back to the source to the destination vSwitch's route table.",
  },
  ROUTE_RETURN_NEXT_HOP_MISSING = {
    meaning = "The route back's next hop is not in the inventory.",
    suggestion = "Point the route back at an existing next hop.",
  },
  ROUTE_RETURN_NEXT_HOP_DOWN = {
    meaning = "The route back's next hop is not running or is disabled, or the route is not Available.",
    suggestion = "Start or enable the next hop, or point the route at a running one.",
  },
}

function applies(ctx)
  return cloud.endpoint(ctx, "destination").interface ~= nil
end

function check(ctx)
  local dst = cloud.endpoint(ctx, "destination")
  if dst.dnat then
    return pass { reason = "ROUTE_RETURN_VIA_NAT",
      evidence = { natGateway = dst.dnat.gateway.id, dnatEntry = dst.dnat.entry.id },
      message = "replies go back through " .. dst.dnat.gateway.id .. "'s DNAT entry " .. dst.dnat.entry.id }
  end
  local peer, how = cloud.seen_source(ctx)
  if not peer then
    return skip { reason = "ROUTE_RETURN_NO_SOURCE_ADDRESS", evidence = { eni = dst.interface.id },
      message = "the source has no public address towards " .. ctx.destination.ip .. ", so the way back is unknown" }
  end
  return routing.finding(ctx, {
    codes = { local_ = "ROUTE_RETURN_LOCAL", service = "ROUTE_RETURN_SERVICE", via = "ROUTE_RETURN_NEXT_HOP_OK",
              direct = "ROUTE_RETURN_INTERNET_DIRECT", no_table = "ROUTE_RETURN_TABLE_UNKNOWN",
              no_route = "ROUTE_RETURN_NO_ROUTE", missing = "ROUTE_RETURN_NEXT_HOP_MISSING",
              down = "ROUTE_RETURN_NEXT_HOP_DOWN", leaves = "ROUTE_RETURN_LEAVES_VPC",
              unchecked = "ROUTE_RETURN_NEXT_HOP_UNCHECKED" },
    ep = dst, ip = peer, label = "back to", public = how ~= "private",
  })
end
