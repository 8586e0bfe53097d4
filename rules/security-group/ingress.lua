id          = "security-group.ingress"
title       = "Security groups let the traffic in"
category    = "security-group"
severity    = "critical"
applies_to  = { side = "destination", objects = { "instance", "eni", "public-ip" } }
order       = 30
description = "The destination ENI's security groups, merged and sorted by priority (drop first at equal "
  .. "priority), must accept the source address, protocol and port before any drop rule; with no match "
  .. "a basic group denies inbound (members of one group reach each other when InnerAccessPolicy is "
  .. "Accept) and an enterprise group denies. Replies are not checked: groups are stateful."
reasons = {
  SG_INGRESS_ALLOWED = "An accept rule matched first, or a basic group's InnerAccessPolicy Accept admits a fellow member.",
  SG_INGRESS_DENIED = {
    meaning = "A drop rule matched first.",
    suggestion = "Add an accept rule for the source, protocol and port at a smaller priority number than the drop rule, or narrow the drop rule.",
  },
  SG_INGRESS_DEFAULT_DENIED = {
    meaning = "No rule matched and the groups' default denies inbound (basic or enterprise group, or a basic group isolating its members).",
    suggestion = "Add an ingress accept rule for the source, protocol and port to one of the destination's groups.",
  },
  SG_INGRESS_UNDECIDED = {
    meaning = "The first rule that may match names a port list or prefix list the inventory does not hold, or a group's rules are not in the inventory (no usable attribute response) and no known priority-1 drop decides, so the verdict cannot be known.",
    suggestion = "Add the missing responses (DescribePortRangeListEntries/<id>.json, DescribePrefixListAttributes/<id>.json, DescribeSecurityGroupAttribute/<id>.json) to the inventory.",
  },
  SG_INGRESS_NO_SOURCE_ADDRESS = "The source has no public address (public IP, EIP, SNAT) to reach a public destination with, so the address the groups see is unknown; public-access.outbound reports why.",
}

-- Internet addresses have no ENI and no groups; a NAT address counts when DNAT forwards it.
function applies(ctx)
  return cloud.endpoint(ctx, "destination").interface ~= nil
end

function check(ctx)
  local dst = cloud.endpoint(ctx, "destination")
  local peer, how = cloud.seen_source(ctx)
  if not peer then
    return skip { reason = "SG_INGRESS_NO_SOURCE_ADDRESS",
      message = "the source has no public address towards " .. ctx.destination.ip .. ", so the groups cannot be evaluated",
      evidence = { eni = dst.interface.id } }
  end
  local groups, proto = dst.securityGroups, ctx.path.protocol
  local d = secgroup.decide(ctx, groups, "ingress", peer, proto, dst.port, ctx.path.sourcePorts)
  local evidence = sgreport.evidence(d, groups, peer)
  evidence.eni = dst.interface.id
  local what = string.format("%s from %s (%s) to %s", cloud.traffic(proto, dst.port), peer, how, dst.interface.id)
  if d.undecided then
    local why, fix = sgreport.undecided_text(d)
    return warn { reason = "SG_INGRESS_UNDECIDED", message = what .. ": cannot be decided: " .. why,
      evidence = evidence, suggestion = fix }
  end
  if d.policy == "accept" then
    return pass { reason = "SG_INGRESS_ALLOWED", message = what .. ": accepted " .. sgreport.describe(d, groups, "ingress"),
      evidence = evidence }
  end
  local suggestion, fix = sgreport.suggestion(d, groups, "ingress", peer, proto, dst.port)
  return fail {
    reason = d.rule and "SG_INGRESS_DENIED" or "SG_INGRESS_DEFAULT_DENIED",
    message = what .. ": denied " .. sgreport.describe(d, groups, "ingress"),
    evidence = evidence, suggestion = suggestion, fix = fix,
  }
end
