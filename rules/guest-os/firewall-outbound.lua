id          = "guest-os.firewall-outbound"
title       = "The source's guest firewall lets the traffic out"
category    = "guest-os"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni" } }
description = "Outbound on the source instance, every guest firewall must accept the connection: "
  .. "iptables' filter OUTPUT chain (ip6tables for IPv6), every nftables base chain on the output hook "
  .. "in priority order, or Windows Firewall's outbound rules. Both the first packet (state NEW) and "
  .. "the later packets of the connection (ESTABLISHED) are checked."
order       = 60
reasons = guestfw.firewall_reasons("OUTPUT", "GUEST_OUTBOUND_ALLOWED",
  "Every guest firewall on the source's output hook accepts the traffic.", "WINFW_OUTBOUND_BLOCKED")

local libs = { iptables = iptables, nftables = nftables, winfw = winfw }

function applies(ctx)
  return guest.host(ctx, "source") ~= nil
end

function check(ctx)
  local h = guest.host(ctx, "source")
  local unmet = guest.prerequisite_skip(h)
  if unmet then return guest.finding(unmet) end
  local f = guestfw.leg(ctx, h, "client-out", { "NEW", "ESTABLISHED" }, "OUTPUT", libs)
  if f.pass then f.reason = "GUEST_OUTBOUND_ALLOWED" end
  return guest.finding(f)
end
