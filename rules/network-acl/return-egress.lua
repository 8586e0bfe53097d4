id          = "network-acl.return-egress"
title       = "The destination vSwitch's network ACL lets the replies out"
category    = "network-acl"
severity    = "critical"
applies_to  = { side = "return", objects = { "instance", "eni", "public-ip" } }
order       = 40
description = "Network ACLs are stateless: the egress entries of the destination vSwitch's ACL must let "
  .. "the replies go back to the client's address on its ports (the source guest's ephemeral "
  .. "range: collected, else its OS default; the path's source ports when set or when the source is no "
  .. "instance). None of them let through blocks the path; only some of them is a warning naming the share "
  .. "of new connections that get no reply."
reasons = {
  ACL_RETURN_EGRESS_ALLOWED = "Egress entries accept the replies on every client port.",
  ACL_RETURN_EGRESS_SAME_VSWITCH = "Both ends are on the same vSwitch and talk by private address, which network ACLs do not filter.",
  ACL_RETURN_EGRESS_NO_ACL = "The destination vSwitch has no network ACL bound.",
  ACL_RETURN_EGRESS_SERVICE_ADDRESS = "The client is a DNS or metadata address that network ACLs always allow.",
  ACL_RETURN_EGRESS_PARTIAL = {
    meaning = "Egress entries accept the replies on only part of the client's ports; clients using the others get no reply.",
    suggestion = "Add an accept egress entry to the client for the uncovered port range(s), before any drop entry.",
  },
  ACL_RETURN_EGRESS_DENIED = {
    meaning = "No egress entry accepts the replies on any of the client's ports.",
    suggestion = "Add an accept egress entry to the client for the client's port range, before any drop entry.",
  },
  ACL_RETURN_EGRESS_NO_SOURCE_ADDRESS = "The source has no public address to reach a public destination with, so the replies' address is unknown; public-access.outbound reports why.",
}

function applies(ctx)
  return cloud.endpoint(ctx, "destination").interface ~= nil
end

function check(ctx)
  local src, dst = cloud.endpoint(ctx, "source"), cloud.endpoint(ctx, "destination")
  -- Replies go back to the source as the destination saw it.
  local peer = cloud.seen_source(ctx)
  if not peer then
    return skip { reason = "ACL_RETURN_EGRESS_NO_SOURCE_ADDRESS", evidence = { vswitch = dst.vswitch and dst.vswitch.id },
      message = "the source has no public address towards " .. ctx.destination.ip .. ", so the replies cannot be evaluated" }
  end
  -- The client's real ephemeral range when known (ephemeral.client_ports).
  local ports, assumed, origin = ephemeral.client_ports(ctx)
  return nacl.return_finding {
    codes = { allowed = "ACL_RETURN_EGRESS_ALLOWED", partial = "ACL_RETURN_EGRESS_PARTIAL", denied = "ACL_RETURN_EGRESS_DENIED",
              no_acl = "ACL_RETURN_EGRESS_NO_ACL", same_vswitch = "ACL_RETURN_EGRESS_SAME_VSWITCH",
              service = "ACL_RETURN_EGRESS_SERVICE_ADDRESS" },
    acl = dst.networkAcl, direction = "egress", vswitch = dst.vswitch, same = cloud.acl_unfiltered(ctx, src, dst),
    peer = peer, protocol = ctx.path.protocol, ports = ports, assumed = assumed, origin = origin,
    wide = { start = ctx.path.sourcePorts.start, ["end"] = ctx.path.sourcePorts["end"] },
  }
end
