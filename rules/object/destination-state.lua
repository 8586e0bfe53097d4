id          = "object.destination-state"
title       = "The destination instance or ENI is running"
category    = "object"
severity    = "critical"
applies_to  = { side = "destination", objects = { "instance", "eni", "public-ip" } }
order       = 10
description = "An instance used as the destination must be Running; an ENI must be InUse, and a secondary ENI "
  .. "must be bound to an instance, which must be Running. A public address bound to an instance or "
  .. "ENI (or forwarded to one by DNAT) is checked through it; an internet address is not checked."
reasons = {
  DESTINATION_INSTANCE_RUNNING = "The instance (or the instance the ENI is bound to) is Running.",
  DESTINATION_ENI_IN_USE = "The ENI is InUse (it is not bound to an instance whose state could be checked).",
  DESTINATION_INSTANCE_NOT_RUNNING = {
    meaning = "The instance (or the instance the ENI is bound to) is not Running: stopped, starting, stopping or expired.",
    suggestion = "Start the instance.",
  },
  DESTINATION_ENI_NOT_IN_USE = {
    meaning = "The ENI is not InUse (Available, Attaching, Detaching, …): it carries no traffic.",
    suggestion = "Attach the ENI to a Running instance.",
  },
  DESTINATION_ENI_NOT_BOUND = {
    meaning = "The secondary ENI is not bound to any instance.",
    suggestion = "Bind the ENI to a Running instance.",
  },
}

-- An internet address has nothing to check.
function applies(ctx)
  return cloud.endpoint(ctx, "destination").interface ~= nil
end

function check(ctx)
  return objstate.finding(cloud.endpoint(ctx, "destination"), {
    running = "DESTINATION_INSTANCE_RUNNING", not_running = "DESTINATION_INSTANCE_NOT_RUNNING",
    eni_in_use = "DESTINATION_ENI_IN_USE", eni_not_in_use = "DESTINATION_ENI_NOT_IN_USE", eni_unbound = "DESTINATION_ENI_NOT_BOUND",
  }, "destination")
end
