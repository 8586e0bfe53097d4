-- The client's port range: the ports a connection's client sends from and its replies go back
-- to. Shared by the network ACL return rules (nacl.lua) and the guest firewall packets
-- (guest.lua), which must judge the same range.

local ephemeral = {}

--- The OS defaults of the ephemeral range, used when the guest's own was not collected: Linux
--- `net.ipv4.ip_local_port_range` 32768–60999, Windows' dynamic port range 49152–65535.
ephemeral.defaults = {
  linux = { start = 32768, ["end"] = 60999, label = "the Linux default" },
  windows = { start = 49152, ["end"] = 65535, label = "the Windows default" },
}

--- The ports the client's replies go back to, as the return rules (ACLs, guest firewalls) judge
--- them. Returns the range, whether it is only assumed (an OS default, not collected), and where
--- it comes from.
--- The path's source ports when they are not the default 1024–65535 (set on purpose), when the
--- source is no instance (an internet client), or when a NAT gateway's SNAT picks the port;
--- else the source guest's collected `ephemeralPorts`; else its OS's default.
function ephemeral.client_ports(ctx)
  local path = ctx.path.sourcePorts
  local own = { start = path.start, ["end"] = path["end"] }
  local function text(r) return net.format_range(r) end
  if path.start ~= 1024 or path["end"] ~= 65535 then return own, false, "the path's source ports " .. text(own) end
  local src = cloud.endpoint(ctx, "source")
  if src.instance == nil then return own, false, "the path's source ports " .. text(own) end
  local _, how = cloud.seen_source(ctx)
  if how == "snat" then return own, false, "the NAT gateway's SNAT ports (" .. text(own) .. ")" end
  local g = ctx.inventory.guests[src.instance.id]
  local sys = g and g.system
  if sys and sys.ephemeralPorts then
    return { start = sys.ephemeralPorts.start, ["end"] = sys.ephemeralPorts["end"] }, false,
      src.instance.id .. "'s ephemeral ports " .. text(sys.ephemeralPorts) .. " (net.ipv4.ip_local_port_range)"
  end
  local os = ((sys and sys.osType ~= "" and sys.osType) or src.instance.osType or ""):lower()
  local d = ephemeral.defaults[os]
  if d then
    return { start = d.start, ["end"] = d["end"] }, true,
      src.instance.id .. "'s ephemeral ports, assumed " .. d.label .. " " .. text(d) .. " (not collected)"
  end
  return own, false, "the path's source ports " .. text(own)
end

return ephemeral
