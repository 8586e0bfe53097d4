-- A deliberately broken rule for the README tour: it indexes a field the model does not have,
-- so every diagnosis it applies to gets an `error` finding with a line-numbered traceback,
-- and the verdict becomes Error unless another critical rule finds a real blocker.
id = "example.broken"
title = "A rule with a bug (tour example)"
category = "example"
severity = "critical"
applies_to = { side = "destination", objects = { "instance", "eni" } }
description = "Shows what a rule that breaks looks like in a report."
reasons = { EXAMPLE_OK = "Never reported: the rule breaks before it decides." }

function check(ctx)
  local owner = ctx.destination.vswitch.owner.name   -- vSwitches have no owner: indexing nil raises
  return pass { reason = "EXAMPLE_OK", message = owner }
end
