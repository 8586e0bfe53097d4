id          = "guest-os.nic"
title       = "The guest's network interface is up and holds the ENI's address"
category    = "guest-os"
severity    = "non-critical"
applies_to  = { side = "network", objects = { "instance", "eni", "public-ip" } }
description = "On each instance of the path, the guest interface that should carry the ENI's private "
  .. "IP must be up and hold that address (from `ip -j addr`)."
order       = 80
reasons = guest.reasons({
  NIC_OK = "The interface holding the ENI's private IP is up.",
  NIC_DOWN = {
    meaning = "The interface holding the ENI's private IP is down.",
    suggestion = "Bring the interface up (`ip link set IFACE up`) and make it start at boot.",
  },
  NIC_ADDRESS_MISMATCH = {
    meaning = "No guest interface holds the ENI's private IP: the guest is configured with another address.",
    suggestion = "Configure the ENI's private IP on the interface (use DHCP, or `ip addr add IP/LEN dev IFACE`).",
  },
  NIC_NOT_COLLECTED = "The guest's interfaces were not collected.",
})

function applies(ctx)
  return guest.host(ctx, "source") ~= nil or guest.host(ctx, "destination") ~= nil
end

local function one(ctx, h)
  local unmet = guest.prerequisite_skip(h)
  if unmet then return unmet end
  local g = h.guest
  if g.interfaces == nil then
    return { status = "skip", reason = "NIC_NOT_COLLECTED",
             message = "interfaces of " .. h.id .. " were not collected (" .. (g.collected.interfaces or "not collected") .. ")",
             evidence = { instance = h.id } }
  end
  local len = "24"
  local vsw = ctx.inventory.vswitches
  local eni = ctx.inventory.interfacesByIp[h.ip]
  if eni and vsw[eni.vswitchId] then len = tostring(net.prefix_length(vsw[eni.vswitchId].cidr) or 24) end
  local seen = {}
  for _, itf in ipairs(g.interfaces) do
    for _, a in ipairs(itf.addresses) do
      if a:match("^([^/]+)") == h.ip then
        if not itf.up then
          return { status = "fail", reason = "NIC_DOWN", message = itf.name .. " holding " .. h.ip .. " is down on " .. h.id,
                   evidence = { instance = h.id, interface = itf.name, address = a },
                   suggestion = "On " .. h.id .. ": ip link set " .. itf.name .. " up" }
        end
        return { status = "pass", reason = "NIC_OK", message = itf.name .. " is up with " .. a .. " on " .. h.id,
                 evidence = { instance = h.id, interface = itf.name, address = a } }
      end
      if itf.name ~= "lo" then seen[#seen + 1] = itf.name .. " " .. a end
    end
  end
  local target = "eth0"
  for _, itf in ipairs(g.interfaces) do if itf.name ~= "lo" then target = itf.name break end end
  return { status = "fail", reason = "NIC_ADDRESS_MISMATCH",
           message = "no interface on " .. h.id .. " holds the ENI's address " .. h.ip
             .. (#seen > 0 and (" (has " .. table.concat(seen, ", ") .. ")") or ""),
           evidence = { instance = h.id, expected = h.ip },
           suggestion = "On " .. h.id .. ": ip addr add " .. h.ip .. "/" .. len .. " dev " .. target .. " (or enable DHCP on " .. target .. ")" }
end

function check(ctx)
  local worst
  for _, side in ipairs({ "source", "destination" }) do
    local h = guest.host(ctx, side)
    if h then
      local f = one(ctx, h)
      if worst == nil or guest.rank[f.status] > guest.rank[worst.status] then worst = f end
    end
  end
  return guest.finding(worst)
end
