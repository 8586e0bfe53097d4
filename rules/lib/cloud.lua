-- Shared cloud-side helpers: which ENI each end of a path really is, the addresses
-- packets carry, the platform's constants, and how the rules word protocols and ports.
-- Every *(assumed)* choice of the cloud rules that is not about one item lives here,
-- under CHOICES, and is documented in docs/cloud-rules.md.

local cloud = {}

-- The platform's constants and the project's assumptions, kept in one place.
cloud.CHOICES = {
  instance_running = "Running",            -- Instance.status that lets traffic flow
  eni_in_use = "InUse",                     -- NetworkInterface.status of an attached ENI
  gateway_available = "Available",          -- NAT gateway, SNAT/DNAT entry, route entry status
  -- Always allowed by network ACLs (DNS and metadata).
  acl_service_blocks = { "100.100.2.128/28", "100.100.2.112/28", "100.100.100.200/32" },
  -- Outbound TCP 25 to the internet is blocked by the platform.
  blocked_internet_tcp_port = 25,
}

--- "tcp 22", "udp 53", "icmp": how messages name the traffic.
function cloud.traffic(protocol, port)
  if port == nil or port == -1 then return protocol end
  return protocol .. " " .. tostring(port)
end

--- The port range a suggested rule should carry: "22/22", or "-1/-1" for icmp and gre.
function cloud.rule_ports(protocol, port)
  if port == nil or port == -1 or protocol == "icmp" or protocol == "gre" then return "-1/-1" end
  return string.format("%d/%d", port, port)
end

--- A host block for an address: "/32" for IPv4, "/128" for IPv6.
function cloud.host_block(addr)
  local ip = net.ip(addr)
  if ip and ip.family == 6 then return addr .. "/128" end
  return addr .. "/32"
end

--- Public addresses reaching an ENI: its own, and for a primary ENI its instance's.
local function public_ips_of(eni, instance)
  local out, seen = {}, {}
  local function add(ip) if ip and ip ~= "" and not seen[ip] then seen[ip] = true; out[#out + 1] = ip end end
  for _, ip in ipairs(eni.publicIps or {}) do add(ip) end
  if instance and eni.type == "Primary" then
    for _, ip in ipairs(instance.publicIps or {}) do add(ip) end
    add(instance.eip)
  end
  return out
end

--- The NAT gateway owning a public address: through its EIP record, else by scanning the
--- gateways of the VPCs the path names.
function cloud.nat_gateway_of(ctx, addr)
  local inv = ctx.inventory
  local eip = inv.eips[addr]
  if eip and eip.instanceId and inv.natGateways[eip.instanceId] then return inv.natGateways[eip.instanceId] end
  local vpcs = { ctx.path.vpcId }
  for _, side in ipairs({ "source", "destination" }) do
    if ctx[side].vpc then vpcs[#vpcs + 1] = ctx[side].vpc.id end
  end
  for _, vpc in ipairs(vpcs) do
    if vpc and vpc ~= "" then
      for _, gw in ipairs(inv.natGatewaysByVpc[vpc] or {}) do
        for _, ip in ipairs(gw.ips) do if ip == addr then return gw end end
      end
    end
  end
  return nil
end

-- A DNAT entry's port field holds "any", one port ("22") or a range ("26804/26810").
local function dnat_port_matches(text, port)
  if text == "any" or port == nil or port == -1 then return true end
  local r = net.port_range(text)
  return r ~= nil and port >= r.start and port <= r["end"]
end

--- The internal port a packet for external `port` arrives on through DNAT entry `e`: a range
--- forwards each port to the one at the same offset in the internal range (the cloud requires
--- both ranges to hold as many ports); `any` keeps the port.
function cloud.dnat_internal_port(e, port)
  if e.internalPort == "any" then return port end
  local internal, external = net.port_range(e.internalPort), net.port_range(e.externalPort)
  if external and port and port ~= -1 then return internal.start + (port - external.start) end
  return internal.start
end

local function dnat_protocol_matches(text, protocol)
  return text == "any" or text == protocol
end

--- The DNAT entry of gateway `gw` that takes `protocol`/`port` sent to `addr`, or nil.
function cloud.dnat_entry(gw, addr, protocol, port)
  for _, e in ipairs(gw.dnatEntries) do
    if e.externalIp == addr and e.status == cloud.CHOICES.gateway_available
        and dnat_protocol_matches(e.protocol, protocol) and dnat_port_matches(e.externalPort, port) then
      return e
    end
  end
  return nil
end

--- DNAT entries (of the VPC's gateways) forwarding to private address `ip` for the protocol and
--- internal port; `ip_mapping_only` keeps only whole-IP mappings (protocol and ports `any`).
function cloud.dnat_to(ctx, vpcId, ip, protocol, port, ip_mapping_only)
  for _, gw in ipairs(ctx.inventory.natGatewaysByVpc[vpcId] or {}) do
    for _, e in ipairs(gw.dnatEntries) do
      local mapping = e.protocol == "any" and e.externalPort == "any"
      if e.internalIp == ip and e.status == cloud.CHOICES.gateway_available
          and (mapping or (not ip_mapping_only and dnat_protocol_matches(e.protocol, protocol)
                           and dnat_port_matches(e.internalPort, port))) then
        return e, gw
      end
    end
  end
  return nil
end

-- cloud.endpoint's table, built.
local function build_endpoint(ctx, which)
  local e = ctx[which]
  local out = {
    kind = e.kind, id = e.id, ip = e.ip, privateIp = e.ip, port = ctx.path.port,
    interface = e.interface, instance = e.instance, vswitch = e.vswitch, vpc = e.vpc,
    securityGroups = e.securityGroups, routeTable = e.routeTable, networkAcl = e.networkAcl,
    publicIps = e.publicIps or {},
  }
  if e.interface then
    if e.kind == "public-ip" then out.privateIp = e.interface.primaryIp end
    -- An instance or ENI named as the destination of internet traffic, with no public address
    -- of its own, is reached through a DNAT entry forwarding to its address and port.
    if which == "destination" and e.kind ~= "public-ip" and #out.publicIps == 0 and cloud.from_internet(ctx) then
      local entry, gw = cloud.dnat_to(ctx, e.interface.vpcId, e.ip, ctx.path.protocol, ctx.path.port, false)
      if entry then out.dnat = { entry = entry, gateway = gw } end
    end
    return out
  end
  if e.kind ~= "public-ip" then return out end
  -- A NAT gateway address: the destination is the ENI a DNAT entry forwards to.
  local gw = which == "destination" and cloud.nat_gateway_of(ctx, e.ip)
  local entry = gw and cloud.dnat_entry(gw, e.ip, ctx.path.protocol, ctx.path.port)
  local inv = ctx.inventory
  local eni = entry and inv.interfacesByIp[entry.internalIp]
  if not eni then
    out.internet = (gw == nil)
    out.natGateway = gw or nil
    return out
  end
  local vsw = inv.vswitches[eni.vswitchId]
  local instance = eni.instanceId and inv.instances[eni.instanceId] or nil
  local groups = {}
  for _, id in ipairs(eni.securityGroupIds) do groups[#groups + 1] = inv.securityGroups[id] end
  out.interface, out.instance, out.vswitch = eni, instance, vsw
  out.vpc = inv.vpcs[eni.vpcId]
  out.securityGroups = groups
  out.networkAcl = vsw and vsw.networkAclId and inv.networkAcls[vsw.networkAclId] or nil
  out.routeTable = vsw and vsw.routeTableId and inv.routeTables[vsw.routeTableId] or nil
  out.publicIps = public_ips_of(eni, instance)
  out.privateIp = entry.internalIp
  out.port = cloud.dnat_internal_port(entry, ctx.path.port)
  out.dnat = { entry = entry, gateway = gw }
  return out
end

local endpoints = setmetatable({}, { __mode = "k" })

--- One end of the path as the cloud rules see it: a plain table with
---   kind, id, ip (the address the packet carries), privateIp, port (the destination port as it
---   arrives), interface, instance, vswitch, vpc, securityGroups, routeTable, networkAcl,
---   publicIps, dnat = {entry=, gateway=} when a NAT gateway address forwards to the ENI,
---   internet = true when no ENI of the inventory is behind the address.
function cloud.endpoint(ctx, which)
  -- A diagnosis asks for its two ends many times (every rule, and helpers for them); both are
  -- built once per ctx, which is read-only, and the caller gets the same table (a rule gets a
  -- copy of it, as of every helper result).
  local known = endpoints[ctx]
  if not known then
    known = {}
    endpoints[ctx] = known
  end
  local out = known[which]
  if out then return out end
  out = build_endpoint(ctx, which)
  known[which] = out
  return out
end

--- The SNAT entry that translates private address `ip` on vSwitch `vsw`: entries of the
--- gateway `gw` (or of every gateway of the VPC), Available, matching the vSwitch or a
--- block holding the address; the longest mask wins (a vSwitch entry counts its block's mask).
function cloud.snat_entry(ctx, vpcId, vsw, ip, gw)
  local gateways = gw and { gw } or (ctx.inventory.natGatewaysByVpc[vpcId] or {})
  local best, best_gw, best_len
  for _, g in ipairs(gateways) do
    for _, e in ipairs(g.snatEntries) do
      if e.status == cloud.CHOICES.gateway_available then
        local len
        if e.sourceVSwitchId and vsw and e.sourceVSwitchId == vsw.id then
          len = net.prefix_length(vsw.cidr) or 0
        elseif e.sourceCidr and net.contains(e.sourceCidr, ip) then
          len = net.prefix_length(e.sourceCidr)
        end
        if len and (not best_len or len > best_len) then best, best_gw, best_len = e, g, len end
      end
    end
  end
  return best, best_gw
end

--- The public address an ENI-backed end uses towards the internet, and how it got it:
--- "public-ip" (its own public IP or EIP), "dnat-ip-mapping", "snat"; nil when none.
function cloud.public_source(ctx, ep)
  if #ep.publicIps > 0 then return ep.publicIps[1], "public-ip" end
  local vpcId = ep.vpc and ep.vpc.id or (ep.interface and ep.interface.vpcId)
  local mapping = cloud.dnat_to(ctx, vpcId, ep.privateIp, nil, nil, true)
  if mapping then return mapping.externalIp, "dnat-ip-mapping" end
  local snat = cloud.snat_entry(ctx, vpcId, ep.vswitch, ep.privateIp)
  if snat then return snat.snatIp, "snat" end
  return nil
end

--- The source address as the destination sees it, and how: "private" (same network),
--- "internet" (an internet client; DNAT keeps it), or a public_source() kind. Nil when a
--- private source has no public address to reach a public destination with.
function cloud.seen_source(ctx)
  local src, dst = cloud.endpoint(ctx, "source"), ctx.destination
  if not src.interface then return src.ip, cloud.is_public(src.ip) and "internet" or "private" end
  if not cloud.internet_bound(ctx) then return src.privateIp, "private" end
  return cloud.public_source(ctx, src)
end

--- The VPC's IPv4 gateway when it is active (then only vSwitches routed to it reach the
--- internet), else nil.
function cloud.active_ipv4_gateway(ctx, vpcId)
  local gw = vpcId and ctx.inventory.ipv4Gateways[vpcId]
  if gw and gw.enabled then return gw end
  return nil
end

local private_blocks = {}
for i, block in ipairs({ "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7" }) do
  private_blocks[i] = net.cidr(block)
end

-- cloud.is_public's answers by address text: each diagnosis asks it about its ends several
-- times. Emptied when it grows past a few thousand (a scan's sources are many and new).
local public_answers, public_count = {}, 0

local function is_public(addr)
  local parsed = net.cidr(addr)
  if parsed then
    local holds = net.holds
    for i = 1, #private_blocks do
      if holds(private_blocks[i], parsed) then return false end
    end
  end
  return net.ip(addr) ~= nil
end

--- True when an address is not private to any VPC (RFC 1918, shared 100.64/10, IPv6 ULA).
function cloud.is_public(addr)
  local known = public_answers[addr]
  if known ~= nil then return known end
  known = is_public(addr)
  if type(addr) == "string" then
    if public_count >= 4096 then public_answers, public_count = {}, 0 end
    public_answers[addr] = known
    public_count = public_count + 1
  end
  return known
end

--- True when the destination is an internet address (a public address, whether or not it belongs
--- to the region): the traffic leaves the VPC for the internet. A private address the path names
--- directly (another VPC's, a VPN peer's) is reached by routes instead.
function cloud.internet_bound(ctx)
  return ctx.destination.kind == "public-ip" and cloud.is_public(ctx.destination.ip)
end

--- True when the source is an internet client (a public address with no ENI of the region).
function cloud.from_internet(ctx)
  return ctx.source.kind == "public-ip" and ctx.source.interface == nil and cloud.is_public(ctx.source.ip)
end

--- True when both ends sit on the same vSwitch.
function cloud.same_vswitch(a, b)
  return a.vswitch ~= nil and b.vswitch ~= nil and a.vswitch.id == b.vswitch.id
end

--- True when network ACLs do not filter the path's packets: both ends on one vSwitch, talking by
--- private address. *(decided, issue 12)* Traffic sent to a public address — the EIP or public IP
--- of an instance on the same vSwitch, a NAT gateway's DNAT address — leaves through the public
--- gateway and comes back (hairpin), so the vSwitch's ACL filters it both ways, by the public
--- addresses the packets carry.
function cloud.acl_unfiltered(ctx, a, b)
  return cloud.same_vswitch(a, b) and not cloud.internet_bound(ctx)
end

return cloud
