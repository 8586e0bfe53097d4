id          = "network-acl.egress"
title       = "The source vSwitch's network ACL lets the traffic out"
category    = "network-acl"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni", "public-ip" } }
order       = 40
description = "The egress entries of the network ACL bound to the source vSwitch, in list order, first "
  .. "match deciding, must accept the destination address, protocol and port. Traffic within one "
  .. "vSwitch by private address is not filtered (sent to a public address, it is); DNS and metadata "
  .. "addresses are always allowed; an empty ACL denies."
reasons = {
  ACL_EGRESS_ALLOWED = "The first matching egress entry accepts the traffic.",
  ACL_EGRESS_SAME_VSWITCH = "Both ends are on the same vSwitch and talk by private address, which network ACLs do not filter.",
  ACL_EGRESS_NO_ACL = "The source vSwitch has no network ACL bound.",
  ACL_EGRESS_SERVICE_ADDRESS = "The destination is a DNS or metadata address that network ACLs always allow.",
  ACL_EGRESS_DENIED = {
    meaning = "The first matching egress entry drops the traffic.",
    suggestion = "Add an accept egress entry for the destination, protocol and port before the drop entry.",
  },
  ACL_EGRESS_NO_MATCH = {
    meaning = "No egress entry matches (or the ACL has none), so the ACL denies the traffic.",
    suggestion = "Add an accept egress entry for the destination, protocol and port.",
  },
}

-- Internet addresses have no vSwitch.
function applies(ctx)
  return ctx.source.interface ~= nil
end

function check(ctx)
  local src, dst = cloud.endpoint(ctx, "source"), cloud.endpoint(ctx, "destination")
  return nacl.forward_finding {
    codes = { allowed = "ACL_EGRESS_ALLOWED", denied = "ACL_EGRESS_DENIED", no_match = "ACL_EGRESS_NO_MATCH",
              no_acl = "ACL_EGRESS_NO_ACL", same_vswitch = "ACL_EGRESS_SAME_VSWITCH", service = "ACL_EGRESS_SERVICE_ADDRESS" },
    acl = src.networkAcl, direction = "egress", vswitch = src.vswitch, same = cloud.acl_unfiltered(ctx, src, dst),
    -- The packet leaves addressed to what the path names, before any DNAT.
    peer = ctx.destination.ip, protocol = ctx.path.protocol, port = ctx.path.port,
  }
end
