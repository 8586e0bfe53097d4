id          = "object.vpc"
title       = "The objects are in the path's VPC"
category    = "object"
severity    = "critical"
applies_to  = { side = "network", objects = { "instance", "eni", "public-ip" } }
order       = 10
description = "With a path VPC, at least one object must be an instance or ENI in it (as the console "
  .. "requires); an object in another VPC is a warning. Without one, two private objects should share a "
  .. "VPC; when they do not, the finding says which VPC each is in and the route items decide whether "
  .. "anything connects the VPCs."
reasons = {
  OBJECT_IN_PATH_VPC = "Every instance or ENI of the path is in the path's VPC.",
  OBJECTS_IN_SAME_VPC = "The path names no VPC and its instances or ENIs are in one VPC.",
  OBJECT_IN_OTHER_VPC = "An instance or ENI is in another VPC than the path's (or than the other object's): the traffic must cross VPCs, which only a peering, CEN or transit router connection allows; see route.forward.",
  OBJECT_NOT_IN_PATH_VPC = {
    meaning = "Neither object is an instance or ENI in the path's VPC.",
    suggestion = "Set the path's VPC to the VPC of the source or destination object, or choose objects in that VPC.",
  },
}

-- Only meaningful when at least one end is an instance or ENI.
function applies(ctx)
  return cloud.endpoint(ctx, "source").interface ~= nil or cloud.endpoint(ctx, "destination").interface ~= nil
end

function check(ctx)
  local ends, where = {}, {}
  for _, side in ipairs({ "source", "destination" }) do
    local ep = cloud.endpoint(ctx, side)
    if ep.interface then
      local vpc = ep.interface.vpcId
      ends[#ends + 1] = { side = side, id = ep.id, vpc = vpc }
      where[#where + 1] = string.format("%s %s is in %s", side, ep.id, vpc)
    end
  end
  local evidence = {}
  for _, e in ipairs(ends) do evidence[e.side .. "Vpc"] = e.vpc end
  local summary = table.concat(where, "; ")
  local want = ctx.path.vpcId
  if want ~= "" then
    evidence.pathVpc = want
    local inside = 0
    for _, e in ipairs(ends) do if e.vpc == want then inside = inside + 1 end end
    if inside == 0 then
      return fail { reason = "OBJECT_NOT_IN_PATH_VPC", evidence = evidence,
        message = "no object is an instance or ENI in the path's VPC " .. want .. ": " .. summary,
        suggestion = string.format("Set the path's VPC to %s, or choose a source or destination in %s", ends[1].vpc, want) }
    end
    if inside < #ends then
      return warn { reason = "OBJECT_IN_OTHER_VPC", evidence = evidence,
        message = "not every object is in the path's VPC " .. want .. ": " .. summary .. "; the route items show whether the VPCs are connected" }
    end
    return pass { reason = "OBJECT_IN_PATH_VPC", evidence = evidence, message = summary }
  end
  if #ends == 2 and ends[1].vpc ~= ends[2].vpc then
    return warn { reason = "OBJECT_IN_OTHER_VPC", evidence = evidence,
      message = "the objects are in different VPCs: " .. summary .. "; the route items show whether the VPCs are connected" }
  end
  return pass { reason = "OBJECTS_IN_SAME_VPC", evidence = evidence, message = summary }
end
