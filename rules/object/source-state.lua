id          = "object.source-state"
title       = "The source instance or ENI is running"
category    = "object"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni", "public-ip" } }
order       = 10
description = "An instance used as the source must be Running; an ENI must be InUse, and a secondary ENI "
  .. "must be bound to an instance, which must be Running. A public address bound to an instance or "
  .. "ENI (or forwarded to one by DNAT) is checked through it; an internet address is not checked."
reasons = {
  SOURCE_INSTANCE_RUNNING = "The instance (or the instance the ENI is bound to) is Running.",
  SOURCE_ENI_IN_USE = "The ENI is InUse (it is not bound to an instance whose state could be checked).",
  SOURCE_INSTANCE_NOT_RUNNING = {
    meaning = "The instance (or the instance the ENI is bound to) is not Running: stopped, starting, stopping or expired.",
    suggestion = "Start the instance.",
  },
  SOURCE_ENI_NOT_IN_USE = {
    meaning = "The ENI is not InUse (Available, Attaching, Detaching, …): it carries no traffic.",
    suggestion = "Attach the ENI to a Running instance.",
  },
  SOURCE_ENI_NOT_BOUND = {
    meaning = "The secondary ENI is not bound to any instance.",
    suggestion = "Bind the ENI to a Running instance.",
  },
}

-- An internet address has nothing to check.
function applies(ctx)
  return cloud.endpoint(ctx, "source").interface ~= nil
end

function check(ctx)
  return objstate.finding(cloud.endpoint(ctx, "source"), {
    running = "SOURCE_INSTANCE_RUNNING", not_running = "SOURCE_INSTANCE_NOT_RUNNING",
    eni_in_use = "SOURCE_ENI_IN_USE", eni_not_in_use = "SOURCE_ENI_NOT_IN_USE", eni_unbound = "SOURCE_ENI_NOT_BOUND",
  }, "source")
end
