id          = "network-acl.return-ingress"
title       = "The source vSwitch's network ACL lets the replies in"
category    = "network-acl"
severity    = "critical"
applies_to  = { side = "return", objects = { "instance", "eni", "public-ip" } }
order       = 41
description = "Network ACLs are stateless: the ingress entries of the source vSwitch's ACL must let the "
  .. "replies from the destination address reach the client's ports (the source guest's "
  .. "ephemeral range: collected, else its OS default; the path's source ports when set or when the "
  .. "source is no instance). None of them let through blocks the path; only some of them is a warning naming the "
  .. "share of new connections that get no reply."
reasons = {
  ACL_RETURN_INGRESS_ALLOWED = "Ingress entries accept the replies on every client port.",
  ACL_RETURN_INGRESS_SAME_VSWITCH = "Both ends are on the same vSwitch and talk by private address, which network ACLs do not filter.",
  ACL_RETURN_INGRESS_NO_ACL = "The source vSwitch has no network ACL bound.",
  ACL_RETURN_INGRESS_SERVICE_ADDRESS = "The destination is a DNS or metadata address that network ACLs always allow.",
  ACL_RETURN_INGRESS_PARTIAL = {
    meaning = "Ingress entries accept the replies on only part of the client's ports; clients using the others get no reply.",
    suggestion = "Add an accept ingress entry from the destination for the uncovered port range(s), before any drop entry.",
  },
  ACL_RETURN_INGRESS_DENIED = {
    meaning = "No ingress entry accepts the replies on any of the client's ports.",
    suggestion = "Add an accept ingress entry from the destination for the client's port range, before any drop entry.",
  },
}

function applies(ctx)
  return ctx.source.interface ~= nil
end

function check(ctx)
  local src, dst = cloud.endpoint(ctx, "source"), cloud.endpoint(ctx, "destination")
  -- The client's real ephemeral range when known (ephemeral.client_ports).
  local ports, assumed, origin = ephemeral.client_ports(ctx)
  return nacl.return_finding {
    codes = { allowed = "ACL_RETURN_INGRESS_ALLOWED", partial = "ACL_RETURN_INGRESS_PARTIAL", denied = "ACL_RETURN_INGRESS_DENIED",
              no_acl = "ACL_RETURN_INGRESS_NO_ACL", same_vswitch = "ACL_RETURN_INGRESS_SAME_VSWITCH",
              service = "ACL_RETURN_INGRESS_SERVICE_ADDRESS" },
    acl = src.networkAcl, direction = "ingress", vswitch = src.vswitch, same = cloud.acl_unfiltered(ctx, src, dst),
    -- Replies come from the address the source sent to.
    peer = ctx.destination.ip, protocol = ctx.path.protocol, ports = ports, assumed = assumed, origin = origin,
    wide = { start = ctx.path.sourcePorts.start, ["end"] = ctx.path.sourcePorts["end"] },
  }
end
