-- The state checks of the diagnostic objects, shared by object.source-state and
-- object.destination-state: an instance must be Running; an ENI must be InUse, and a
-- secondary ENI must be bound to an instance (whose state then counts too).

local objstate = {}

--- A finding for one end (`ep` from cloud.endpoint). `codes` = {running, not_running, eni_in_use,
--- eni_not_in_use, eni_unbound}; `role` is "source" or "destination".
function objstate.finding(ep, codes, role)
  local C = cloud.CHOICES
  local eni, instance = ep.interface, ep.instance
  local via = ep.dnat and (" (DNAT " .. ep.dnat.entry.id .. " forwards " .. ep.id .. " to it)") or ""
  -- An ENI named by the path (or reached through a public address) is checked itself; an
  -- instance's primary ENI follows the instance, so only the instance is.
  if eni and ep.kind ~= "instance" then
    if eni.type == "Secondary" and (eni.instanceId == nil or eni.instanceId == "") then
      return fail { reason = codes.eni_unbound, evidence = { eni = eni.id, status = eni.status },
        message = string.format("the %s ENI %s is a secondary ENI not bound to any instance%s", role, eni.id, via),
        suggestion = string.format("Bind %s to a Running instance in %s (ECS console: Network interfaces, Bind to instance)", eni.id, eni.vswitchId) }
    end
    if eni.status ~= C.eni_in_use then
      return fail { reason = codes.eni_not_in_use, evidence = { eni = eni.id, status = eni.status },
        message = string.format("the %s ENI %s is %s, not %s%s", role, eni.id, eni.status, C.eni_in_use, via),
        suggestion = string.format("Attach %s to a Running instance so that its status becomes %s", eni.id, C.eni_in_use) }
    end
  end
  if instance and instance.status ~= C.instance_running then
    return fail { reason = codes.not_running, evidence = { instance = instance.id, status = instance.status },
      message = string.format("the %s instance %s is %s, not %s%s", role, instance.id, instance.status, C.instance_running, via),
      suggestion = string.format("Start %s (ECS console or StartInstance)", instance.id) }
  end
  if instance then
    return pass { reason = codes.running, evidence = { instance = instance.id, status = instance.status, eni = eni and eni.id },
      message = string.format("the %s instance %s is %s%s", role, instance.id, instance.status,
        eni and ep.kind ~= "instance" and (" and ENI " .. eni.id .. " is " .. eni.status) or "") .. via }
  end
  return pass { reason = codes.eni_in_use, evidence = { eni = eni.id, status = eni.status },
    message = string.format("the %s ENI %s is %s%s", role, eni.id, eni.status, via) }
end

return objstate
