-- Windows Defender Firewall (model WindowsFirewall, from netsh advfirewall): the profile in
-- use, its allow and block rules by direction, protocol, local port and remote address, and
-- its default actions. As Windows does: a matching block rule wins over any allow rule; with
-- no matching rule the profile's default applies (inbound block, outbound allow by default).
-- The firewall is stateful: replies of an allowed connection pass. See docs/guest-os-rules.md.

local M = {}

--- ECS NICs sit on an unidentified network, which Windows files under the Public profile.
M.active_profile = "Public"

--- Whether the profile in use is on (any profile on when Public is not listed).
function M.on(fw)
  local v = fw.profiles[M.active_profile]
  if v ~= nil then return v end
  for _, on in pairs(fw.profiles) do if on then return true end end
  return false
end

local function in_profile(spec)
  local s = spec:lower()
  if s == "any" or s == "all" or s == "" then return true end
  for part in s:gmatch("[^,]+") do
    if part:match("^%s*(.-)%s*$") == M.active_profile:lower() then return true end
  end
  return false
end

local proto_numbers = { tcp = 6, udp = 17, icmpv4 = 1, icmp = 1, gre = 47, icmpv6 = 58 }

local function protocol_matches(spec, p)
  local s = spec:lower()
  if s == "any" then return true end
  local n = tonumber(s) or proto_numbers[s]
  if n == nil then return nil, "protocol " .. spec .. " unknown" end
  local want = p.proto == "icmp" and (p.family == 6 and 58 or 1) or proto_numbers[p.proto]
  return n == want
end

local function port_matches(spec, port)
  if spec:lower() == "any" then return true end
  if port == nil then return false end
  local specs = {}
  for part in spec:gmatch("[^,]+") do
    part = part:match("^%s*(.-)%s*$")
    if not iptables.port_spec(part) then return nil, "local port " .. part .. " not interpretable offline" end
    specs[#specs + 1] = part
  end
  return iptables.port_in(specs, port)
end

local function subnet_of(g, addr)
  if g == nil or g.interfaces == nil then return nil, "LocalSubnet needs the guest's interfaces" end
  for _, itf in ipairs(g.interfaces) do
    for _, a in ipairs(itf.addresses) do
      local b = net.cidr(a)
      if b and net.contains(b, addr) then return true end
    end
  end
  return false
end

local function address_matches(spec, addr, g)
  if spec:lower() == "any" or spec == "*" then return true end
  local parts = {}
  for part in spec:gmatch("[^,]+") do parts[#parts + 1] = part:match("^%s*(.-)%s*$") end
  return guest.any_of(parts, function(part)
    if part:lower() == "localsubnet" then return subnet_of(g, addr) end
    if part:match("^%a") and not part:find(":", 1, true) then
      return nil, "remote address keyword " .. part .. " not interpretable offline"
    end
    return iptables.address_in(part, addr)
  end)
end

--- Whether a rule applies to the packet (true, false or nil with a reason).
function M.rule_matches(rule, p, direction, g)
  if not rule.enabled then return false end
  if rule.direction:lower() ~= direction:lower() then return false end
  if not in_profile(rule.profiles) then return false end
  local local_port = direction == "In" and p.dport or p.sport
  local remote = direction == "In" and p.src or p.dst
  return guest.all_of({
    function() return protocol_matches(rule.protocol, p) end,
    function() return port_matches(rule.localPort, local_port) end,
    function() return address_matches(rule.remoteAddress, remote, g) end,
  }, function(test) return test() end)
end

--- Evaluates the new connection (`p.hook` input → In, output → Out).
--- Returns { verdict = accept|drop, by, unknowns }.
function M.evaluate(fw, p, assume, g)
  local direction = p.hook == "input" and "In" or "Out"
  local word = direction == "In" and "inbound" or "outbound"
  if not M.on(fw) then
    return { verdict = "accept", by = { firewall = "windows", off = true, direction = word, action = "Allow" }, unknowns = {} }
  end
  local unknowns, allow, block = {}, nil, nil
  for i, rule in ipairs(fw.rules) do
    local m, why = M.rule_matches(rule, p, direction, g)
    if m == nil then
      unknowns[#unknowns + 1] = { firewall = "windows", text = rule.name, why = why }
      m = assume
    end
    if m then
      local by = { firewall = "windows", rule = rule.name, action = rule.action, direction = word, index = i }
      if rule.action:lower() == "block" then block = block or by
      elseif rule.action:lower() == "allow" then allow = allow or by end
    end
  end
  if block then return { verdict = "drop", by = block, unknowns = unknowns } end
  if allow then return { verdict = "accept", by = allow, unknowns = unknowns } end
  local default = direction == "In" and fw.defaultInbound or fw.defaultOutbound
  local by = { firewall = "windows", direction = word, action = default, policy = default }
  return { verdict = default:lower() == "block" and "drop" or "accept", by = by, unknowns = unknowns }
end

--- A netsh command that lets the packet through.
function M.suggest(by, p)
  if by.rule then
    return string.format('netsh advfirewall firewall set rule name="%s" new enable=no', by.rule)
  end
  local dir = p.hook == "input" and "in" or "out"
  local words = { string.format('netsh advfirewall firewall add rule name="netdiag allow %s %s"', p.proto, tostring(p.dport or "")),
                  "dir=" .. dir, "action=allow" }
  if p.proto == "tcp" or p.proto == "udp" then
    words[#words + 1] = "protocol=" .. p.proto:upper()
    if dir == "in" then words[#words + 1] = "localport=" .. p.dport else words[#words + 1] = "remoteport=" .. p.dport end
  elseif p.proto == "icmp" then
    words[#words + 1] = "protocol=icmpv4"
  end
  words[#words + 1] = "remoteip=" .. (dir == "in" and p.src or p.dst)
  return table.concat(words, " ")
end

return M
