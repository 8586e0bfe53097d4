id          = "guest-os.prerequisites"
title       = "The OS checks can run on the instances"
category    = "guest-os"
severity    = "non-critical"
applies_to  = { side = "network", objects = { "instance", "eni", "public-ip" } }
description = "The OS checks need guest state collected by the Cloud Assistant agent, a supported x86_64 "
  .. "OS (the list is in rules/lib/guest.lua and docs/guest-os-rules.md) and, on Linux, Python 2.7 or "
  .. "3.6–3.9. Where these are not met, every guest-OS item is skipped with the reason."
order       = 50
reasons = guest.reasons({
  GUEST_OS_CHECKS_READY = "The agent, OS, architecture and Python of every instance on the path let the OS checks run.",
})

function applies(ctx)
  return guest.host(ctx, "source") ~= nil or guest.host(ctx, "destination") ~= nil
end

function check(ctx)
  local ready, worst = {}, nil
  for _, side in ipairs({ "source", "destination" }) do
    local h = guest.host(ctx, side)
    if h then
      local s = guest.prerequisite_skip(h)
      if s then
        worst = worst or s
      else
        local sys = h.guest.system
        local os = distro.identify(sys, h.instance)
        ready[#ready + 1] = string.format("%s (%s, %s%s)", h.id, os.label, sys.arch, sys.python and (", Python " .. sys.python) or "")
      end
    end
  end
  if worst then return guest.finding(worst) end
  return pass { reason = "GUEST_OS_CHECKS_READY", message = "OS checks can run on " .. table.concat(ready, ", ") }
end
