id          = "guest-os.load"
title       = "CPU, memory and disk use are below the thresholds"
category    = "guest-os"
severity    = "non-critical"
applies_to  = { side = "network", objects = { "instance", "eni", "public-ip" } }
description = "On each instance of the path, CPU (load per core), memory and disk use from the guest "
  .. "snapshot must be at or below the thresholds in rules/lib/guest.lua (90% each)."
order       = 81
reasons = guest.reasons({
  LOAD_OK = "CPU, memory and disk use are at or below the thresholds.",
  LOAD_HIGH = {
    meaning = "CPU, memory or disk use is above its threshold: the service may not answer in time.",
    suggestion = "Find the process using the resource (`top`, `df -h`), stop it or resize the instance.",
  },
  LOAD_UNKNOWN = "The snapshot holds no CPU, memory or disk figure.",
})

local names = { cpuPercent = "CPU", memoryPercent = "memory", diskPercent = "disk" }
local hints = { cpuPercent = "find the busy processes with `top` and stop them or resize the instance",
                memoryPercent = "find the processes using memory with `top -o %MEM` and stop them or resize the instance",
                diskPercent = "free space on / (`du -xh / | sort -h | tail`) or resize the disk" }

function applies(ctx)
  return guest.host(ctx, "source") ~= nil or guest.host(ctx, "destination") ~= nil
end

local function one(h)
  local unmet = guest.prerequisite_skip(h)
  if unmet then return unmet end
  local sys = h.guest.system
  local known, high = {}, {}
  for _, key in ipairs({ "cpuPercent", "memoryPercent", "diskPercent" }) do
    local v = sys[key]
    if v ~= nil then
      known[#known + 1] = string.format("%s %g%%", names[key], v)
      if v > guest.thresholds[key] then high[#high + 1] = key end
    end
  end
  if #known == 0 then
    return { status = "skip", reason = "LOAD_UNKNOWN", message = "no load figures in the snapshot of " .. h.id,
             evidence = { instance = h.id } }
  end
  if #high > 0 then
    local k = high[1]
    return { status = "fail", reason = "LOAD_HIGH",
             message = string.format("%s use %g%% on %s is above %g%% (%s)", names[k], sys[k], h.id, guest.thresholds[k], table.concat(known, ", ")),
             evidence = { instance = h.id, metric = k, value = sys[k], threshold = guest.thresholds[k] },
             suggestion = "On " .. h.id .. ", " .. hints[k] }
  end
  return { status = "pass", reason = "LOAD_OK", message = table.concat(known, ", ") .. " on " .. h.id,
           evidence = { instance = h.id } }
end

function check(ctx)
  local worst
  for _, side in ipairs({ "source", "destination" }) do
    local h = guest.host(ctx, side)
    if h then
      local f = one(h)
      if worst == nil or guest.rank[f.status] > guest.rank[worst.status] then worst = f end
    end
  end
  return guest.finding(worst)
end
