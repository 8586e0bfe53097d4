id          = "security-group.egress"
title       = "Security groups let the traffic out"
category    = "security-group"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni", "public-ip" } }
order       = 30
description = "The source ENI's security groups, merged and sorted by priority (drop first at equal "
  .. "priority), must not drop the destination address, protocol and port; with no match a basic "
  .. "group accepts outbound and an enterprise group denies. Replies are not checked: groups are stateful."
reasons = {
  SG_EGRESS_ALLOWED = "An accept rule matched first, or no rule matched and a basic group accepts outbound by default.",
  SG_EGRESS_DENIED = {
    meaning = "A drop rule matched first.",
    suggestion = "Add an egress accept rule for the destination, protocol and port at a smaller priority number than the drop rule, or narrow the drop rule.",
  },
  SG_EGRESS_DEFAULT_DENIED = {
    meaning = "No rule matched and the groups are enterprise groups, which deny outbound by default.",
    suggestion = "Add an egress accept rule for the destination, protocol and port to one of the source's groups.",
  },
  SG_EGRESS_UNDECIDED = {
    meaning = "The first rule that may match names a port list or prefix list the inventory does not hold, or a group's rules are not in the inventory (no usable attribute response) and no known priority-1 drop decides, so the verdict cannot be known.",
    suggestion = "Add the missing responses (DescribePortRangeListEntries/<id>.json, DescribePrefixListAttributes/<id>.json, DescribeSecurityGroupAttribute/<id>.json) to the inventory.",
  },
}

-- Internet addresses have no ENI and no groups.
function applies(ctx)
  return ctx.source.interface ~= nil
end

function check(ctx)
  local src = cloud.endpoint(ctx, "source")
  -- The packet leaves addressed to what the path names: a private IP or a public address.
  local peer, proto, port = ctx.destination.ip, ctx.path.protocol, ctx.path.port
  local groups = src.securityGroups
  local d = secgroup.decide(ctx, groups, "egress", peer, proto, port, ctx.path.sourcePorts)
  local evidence = sgreport.evidence(d, groups, peer)
  evidence.eni = src.interface.id
  local what = string.format("%s from %s to %s", cloud.traffic(proto, port), src.interface.id, peer)
  if d.undecided then
    local why, fix = sgreport.undecided_text(d)
    return warn { reason = "SG_EGRESS_UNDECIDED", message = what .. ": cannot be decided: " .. why,
      evidence = evidence, suggestion = fix }
  end
  if d.policy == "accept" then
    return pass { reason = "SG_EGRESS_ALLOWED", message = what .. ": accepted " .. sgreport.describe(d, groups, "egress"),
      evidence = evidence }
  end
  local suggestion, fix = sgreport.suggestion(d, groups, "egress", peer, proto, port)
  return fail {
    reason = d.rule and "SG_EGRESS_DENIED" or "SG_EGRESS_DEFAULT_DENIED",
    message = what .. ": denied " .. sgreport.describe(d, groups, "egress"),
    evidence = evidence, suggestion = suggestion, fix = fix,
  }
end
