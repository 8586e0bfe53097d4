id          = "public-access.tcp-25"
title       = "The platform does not block the port towards the internet"
category    = "public-access"
severity    = "critical"
applies_to  = { side = "source", objects = { "instance", "eni" } }
order       = 61
description = "The platform blocks outbound TCP 25 (SMTP) to the internet by default, whatever the "
  .. "security groups say. Mail must be sent on port 465 or 587 (SMTP over TLS) instead."
reasons = {
  PUBLIC_PORT_NOT_BLOCKED = "The platform does not restrict this port towards the internet.",
  PUBLIC_TCP_25_BLOCKED = {
    meaning = "Outbound TCP 25 to the internet is blocked by the platform by default.",
    suggestion = "Send mail on port 465 or 587 (SMTP over TLS); port 25 can only be unblocked by an application to the cloud provider.",
  },
}

-- TCP from an instance or ENI to a public address.
function applies(ctx)
  return ctx.source.interface ~= nil and cloud.internet_bound(ctx) and ctx.path.protocol == "tcp"
end

function check(ctx)
  local port = cloud.CHOICES.blocked_internet_tcp_port
  local ev = { protocol = "tcp", port = ctx.path.port, destination = ctx.destination.ip }
  if ctx.path.port == port then
    return fail { reason = "PUBLIC_TCP_25_BLOCKED", evidence = ev,
      message = "outbound tcp 25 to the internet (" .. ctx.destination.ip .. ") is blocked by the platform, whatever the security groups allow",
      suggestion = "Use port 465 or 587 (SMTP over TLS) for mail to " .. ctx.destination.ip .. "; port 25 is only opened on application to the cloud provider" }
  end
  return pass { reason = "PUBLIC_PORT_NOT_BLOCKED", evidence = ev,
    message = "tcp " .. ctx.path.port .. " to the internet is not restricted by the platform" }
end
