id          = "public-access.inbound"
title       = "The destination can be reached from the internet"
category    = "public-access"
severity    = "critical"
applies_to  = { side = "destination", objects = { "instance", "eni", "public-ip" } }
order       = 20
description = "Traffic from the internet (or to a public address of the region) reaches an instance only "
  .. "through its public IP, an EIP, or a NAT gateway's DNAT entry matching the external address, "
  .. "protocol and port; DNAT forwards to a private IP and internal port, which the destination must "
  .. "listen on. The usual ingress checks then apply to the internet client's address."
reasons = {
  PUBLIC_IN_ADDRESS = "The destination has a public IP or EIP the traffic arrives on.",
  PUBLIC_IN_DNAT = "A DNAT entry forwards the traffic to the destination's private IP and internal port.",
  PUBLIC_IN_NO_PUBLIC_ADDRESS = {
    meaning = "The destination has no public IP, no EIP and no DNAT entry forwarding to it, so the internet cannot reach it.",
    suggestion = "Bind an EIP to the destination, or add a DNAT entry forwarding a NAT gateway address and port to it.",
  },
  PUBLIC_IN_GATEWAY_UNKNOWN = "The public address belongs to the region, but its NAT gateway could not be found (no EIP record; set the path's VPC).",
  PUBLIC_IN_NO_DNAT_ENTRY = {
    meaning = "The public address belongs to a NAT gateway, but no Available DNAT entry matches its address, protocol and port.",
    suggestion = "Add a DNAT entry for the address, protocol and port to the NAT gateway.",
  },
}

-- From the internet to anything, or from anywhere to a public address of the region's.
function applies(ctx)
  local d = ctx.destination
  if d.kind == "public-ip" then return d.inRegion and cloud.is_public(d.ip) end
  return cloud.from_internet(ctx)
end

-- `dst.port` is the port as it arrives: through a gateway address, the internal port at the
-- path port's offset; for an instance named directly, the path's port itself.
local function dnat_pass(ctx, dst, e, gw)
  local listen = dst.port
  return pass { reason = "PUBLIC_IN_DNAT",
    evidence = { natGateway = gw.id, dnatEntry = e.id, externalIp = e.externalIp, externalPort = e.externalPort,
                 internalIp = e.internalIp, internalPort = e.internalPort, protocol = e.protocol, listenPort = listen },
    message = string.format("%s DNAT entry %s forwards %s %s:%s to %s:%s: the destination must listen on %s (the source address is kept)",
      gw.id, e.id, e.protocol, e.externalIp, e.externalPort, e.internalIp, e.internalPort,
      listen == -1 and "the protocol" or ("port " .. tostring(listen))) }
end

function check(ctx)
  local dst = cloud.endpoint(ctx, "destination")
  local proto, port = ctx.path.protocol, ctx.path.port
  if dst.dnat then return dnat_pass(ctx, dst, dst.dnat.entry, dst.dnat.gateway) end
  if dst.kind == "public-ip" and dst.interface then
    return pass { reason = "PUBLIC_IN_ADDRESS", evidence = { publicIp = dst.ip, eni = dst.interface.id },
      message = dst.ip .. " is bound to " .. (dst.instance and dst.instance.id or dst.interface.id) .. " (" .. dst.interface.id .. ")" }
  end
  if dst.kind == "public-ip" then
    local gw = dst.natGateway
    if not gw then
      return skip { reason = "PUBLIC_IN_GATEWAY_UNKNOWN", evidence = { publicIp = dst.ip },
        message = dst.ip .. " belongs to a NAT gateway of the region that could not be found; set the path's VPC" }
    end
    local ports = {}
    for _, e in ipairs(gw.dnatEntries) do
      if e.externalIp == dst.ip then ports[#ports + 1] = e.id .. " " .. e.protocol .. " " .. e.externalPort end
    end
    return fail { reason = "PUBLIC_IN_NO_DNAT_ENTRY",
      evidence = { natGateway = gw.id, publicIp = dst.ip, dnatEntry = "none" },
      message = string.format("%s is an address of NAT gateway %s, and none of its Available DNAT entries takes %s on it (entries for it: %s)",
        dst.ip, gw.id, cloud.traffic(proto, port), #ports > 0 and table.concat(ports, ", ") or "none"),
      suggestion = string.format("Add to %s a DNAT entry: external %s:%s, protocol %s, to the server's private IP and the port it listens on",
        gw.id, dst.ip, port == -1 and "any" or tostring(port), proto) }
  end
  -- The path names the instance or ENI itself: it needs a public address or a DNAT entry.
  local who = dst.instance and dst.instance.id or dst.interface and dst.interface.id or dst.id
  if #dst.publicIps > 0 then
    return pass { reason = "PUBLIC_IN_ADDRESS", evidence = { publicIp = dst.publicIps[1], eni = dst.interface.id },
      message = who .. " is reachable from the internet at " .. table.concat(dst.publicIps, ", ") }
  end
  local vpc = dst.interface and dst.interface.vpcId
  local e, gw = cloud.dnat_to(ctx, vpc, dst.privateIp, proto, port, false)
  if e then return dnat_pass(ctx, dst, e, gw) end
  local gws = ctx.inventory.natGatewaysByVpc[vpc] or {}
  local fix = string.format("Bind an EIP to %s", who)
  if #gws > 0 and gws[1].ips[1] then
    fix = fix .. string.format(", or add to %s a DNAT entry: external %s:%s, protocol %s, internal %s:%s", gws[1].id,
      gws[1].ips[1], port == -1 and "any" or tostring(port), proto, dst.privateIp, port == -1 and "any" or tostring(port))
  end
  return fail { reason = "PUBLIC_IN_NO_PUBLIC_ADDRESS", evidence = { eni = dst.interface and dst.interface.id, privateIp = dst.privateIp },
    message = who .. " has no public IP, no EIP and no DNAT entry forwarding " .. cloud.traffic(proto, port) .. " to " .. dst.privateIp,
    suggestion = fix }
end
