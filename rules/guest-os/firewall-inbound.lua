id          = "guest-os.firewall-inbound"
title       = "The destination's guest firewall lets the traffic in"
category    = "guest-os"
severity    = "critical"
applies_to  = { side = "destination", objects = { "instance", "eni", "public-ip" } }
description = "Inbound on the destination instance, every guest firewall must accept the connection: "
  .. "iptables' filter INPUT chain (ip6tables for IPv6), every nftables base chain on the input hook "
  .. "in priority order, or Windows Firewall's inbound rules. Both the first packet (state NEW) and "
  .. "the later packets of the connection (ESTABLISHED) are checked."
order       = 60
reasons = guestfw.firewall_reasons("INPUT", "GUEST_INBOUND_ALLOWED",
  "Every guest firewall on the destination's input hook accepts the traffic.", "WINFW_INBOUND_BLOCKED")

local libs = { iptables = iptables, nftables = nftables, winfw = winfw }

function applies(ctx)
  return guest.host(ctx, "destination") ~= nil
end

function check(ctx)
  local h = guest.host(ctx, "destination")
  local unmet = guest.prerequisite_skip(h)
  if unmet then return guest.finding(unmet) end
  local f = guestfw.leg(ctx, h, "server-in", { "NEW", "ESTABLISHED" }, "INPUT", libs)
  if f.pass then f.reason = "GUEST_INBOUND_ALLOWED" end
  return guest.finding(f)
end
