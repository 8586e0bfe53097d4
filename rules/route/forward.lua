id          = "route.forward"
title       = "The source's route table has a usable route to the destination"
category    = "route"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni", "public-ip" } }
order       = 50
description = "Longest-prefix match in the route table bound to the source vSwitch (its custom table, "
  .. "else the VPC's system table) for the destination address, then the next hop: it must exist and "
  .. "run. A next hop that leaves the VPC (VPN, transit router, CEN, peering, express connect) ends "
  .. "what can be diagnosed: a warning says so. An instance with its own public IP or EIP reaches the "
  .. "internet without a route when the VPC has no active IPv4 gateway."
reasons = {
  ROUTE_LOCAL = "A local (system) route delivers the traffic within the VPC.",
  ROUTE_SERVICE = "The system route to cloud services (100.64.0.0/10) carries the traffic.",
  ROUTE_NEXT_HOP_OK = "The matching route's next hop (instance, ENI, NAT gateway, IPv4 gateway) exists and runs.",
  ROUTE_INTERNET_DIRECT = "The source's own public IP or EIP reaches the internet independent of the route tables.",
  ROUTE_LEAVES_VPC = "The matching route's next hop leaves the VPC; the rest of the path is not diagnosed.",
  ROUTE_NEXT_HOP_UNCHECKED = "The next hop's type (e.g. HaVip) is not in the inventory, so it was not checked.",
  ROUTE_TABLE_UNKNOWN = "The source vSwitch's route table is not in the inventory.",
  ROUTE_NO_ROUTE = {
    meaning = "No route in the source's table covers the destination address.",
    suggestion = "Add a route for the destination to the source vSwitch's route table with a next hop that reaches it.",
  },
  ROUTE_NEXT_HOP_MISSING = {
    meaning = "The matching route's next hop is not in the inventory (deleted, or the route has none).",
    suggestion = "Point the route at an existing next hop.",
  },
  ROUTE_NEXT_HOP_DOWN = {
    meaning = "The matching route's next hop is not running (stopped instance, detached ENI, unavailable gateway) or is disabled, or the route is not Available.",
    suggestion = "Start or enable the next hop, or point the route at a running one.",
  },
}

function applies(ctx)
  return ctx.source.interface ~= nil
end

function check(ctx)
  return routing.finding(ctx, {
    codes = { local_ = "ROUTE_LOCAL", service = "ROUTE_SERVICE", via = "ROUTE_NEXT_HOP_OK", direct = "ROUTE_INTERNET_DIRECT",
              no_table = "ROUTE_TABLE_UNKNOWN", no_route = "ROUTE_NO_ROUTE", missing = "ROUTE_NEXT_HOP_MISSING",
              down = "ROUTE_NEXT_HOP_DOWN", leaves = "ROUTE_LEAVES_VPC", unchecked = "ROUTE_NEXT_HOP_UNCHECKED" },
    ep = cloud.endpoint(ctx, "source"), ip = ctx.destination.ip, label = "to",
    public = cloud.internet_bound(ctx),
  })
end
