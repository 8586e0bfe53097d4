id          = "network-acl.ingress"
title       = "The destination vSwitch's network ACL lets the traffic in"
category    = "network-acl"
severity    = "critical"
applies_to  = { side = "destination", objects = { "instance", "eni", "public-ip" } }
order       = 40
description = "The ingress entries of the network ACL bound to the destination vSwitch, in list order, "
  .. "first match deciding, must accept the source address (as it arrives: an internet client keeps its "
  .. "address through DNAT), protocol and port. Traffic within one vSwitch by private address is not "
  .. "filtered (sent to a public address, it is); DNS and metadata addresses are always allowed; an "
  .. "empty ACL denies."
reasons = {
  ACL_INGRESS_ALLOWED = "The first matching ingress entry accepts the traffic.",
  ACL_INGRESS_SAME_VSWITCH = "Both ends are on the same vSwitch and talk by private address, which network ACLs do not filter.",
  ACL_INGRESS_NO_ACL = "The destination vSwitch has no network ACL bound.",
  ACL_INGRESS_SERVICE_ADDRESS = "The source is a DNS or metadata address that network ACLs always allow.",
  ACL_INGRESS_DENIED = {
    meaning = "The first matching ingress entry drops the traffic.",
    suggestion = "Add an accept ingress entry for the source, protocol and port before the drop entry.",
  },
  ACL_INGRESS_NO_MATCH = {
    meaning = "No ingress entry matches (or the ACL has none), so the ACL denies the traffic.",
    suggestion = "Add an accept ingress entry for the source, protocol and port.",
  },
  ACL_INGRESS_NO_SOURCE_ADDRESS = "The source has no public address to reach a public destination with, so the ACL cannot be evaluated; public-access.outbound reports why.",
}

-- Internet addresses have no vSwitch; a NAT address counts when DNAT forwards it.
function applies(ctx)
  return cloud.endpoint(ctx, "destination").interface ~= nil
end

function check(ctx)
  local src, dst = cloud.endpoint(ctx, "source"), cloud.endpoint(ctx, "destination")
  local peer = cloud.seen_source(ctx)
  if not peer then
    return skip { reason = "ACL_INGRESS_NO_SOURCE_ADDRESS", evidence = { vswitch = dst.vswitch and dst.vswitch.id },
      message = "the source has no public address towards " .. ctx.destination.ip .. ", so the ACL cannot be evaluated" }
  end
  return nacl.forward_finding {
    codes = { allowed = "ACL_INGRESS_ALLOWED", denied = "ACL_INGRESS_DENIED", no_match = "ACL_INGRESS_NO_MATCH",
              no_acl = "ACL_INGRESS_NO_ACL", same_vswitch = "ACL_INGRESS_SAME_VSWITCH", service = "ACL_INGRESS_SERVICE_ADDRESS" },
    acl = dst.networkAcl, direction = "ingress", vswitch = dst.vswitch, same = cloud.acl_unfiltered(ctx, src, dst),
    -- The port as it arrives: after DNAT, the internal port.
    peer = peer, protocol = ctx.path.protocol, port = dst.port,
  }
end
