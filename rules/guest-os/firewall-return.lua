id          = "guest-os.firewall-return"
title       = "The guest firewalls let the replies back"
category    = "guest-os"
severity    = "critical"
applies_to  = { side = "return", objects = { "instance", "eni", "public-ip" } }
description = "Replies (conntrack state ESTABLISHED) must leave the destination through its output hook "
  .. "(iptables OUTPUT, nftables output base chains) and enter the source through its input hook. "
  .. "Windows Firewall is stateful: replies of an allowed connection always pass."
order       = 60
reasons = (function()
  local r = guestfw.firewall_reasons("REPLY_OUTPUT", "GUEST_RETURN_ALLOWED",
    "The replies pass the destination's output hook and the source's input hook.")
  for k, v in pairs(guestfw.firewall_reasons("REPLY_INPUT", "GUEST_RETURN_ALLOWED",
    "The replies pass the destination's output hook and the source's input hook.")) do r[k] = v end
  return r
end)()

local libs = { iptables = iptables, nftables = nftables, winfw = winfw }

function applies(ctx)
  return guest.host(ctx, "destination") ~= nil or guest.host(ctx, "source") ~= nil
end

function check(ctx)
  local legs = {}
  local dst, src = guest.host(ctx, "destination"), guest.host(ctx, "source")
  if dst then legs[#legs + 1] = { h = dst, leg = "server-out", where = "REPLY_OUTPUT" } end
  if src then legs[#legs + 1] = { h = src, leg = "client-in", where = "REPLY_INPUT" } end
  local worst, passes = nil, {}
  for _, l in ipairs(legs) do
    local f = guest.prerequisite_skip(l.h) or guestfw.leg(ctx, l.h, l.leg, { "ESTABLISHED" }, l.where, libs)
    if f.status == "pass" then passes[#passes + 1] = f.message end
    if worst == nil or guest.rank[f.status] > guest.rank[worst.status] then worst = f end
  end
  if worst.status == "pass" then
    worst.reason = "GUEST_RETURN_ALLOWED"
    worst.message = "replies pass: " .. table.concat(passes, " | ")
  end
  return guest.finding(worst)
end
