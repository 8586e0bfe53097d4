-- Matching of iptables rules, three-valued: a match is true, false, or nil when it cannot be
-- decided offline (with the reason). Packets are guest.packet tables: family, proto, src, dst,
-- sport, dport (a number or {lo=, hi=}), state (NEW / ESTABLISHED), hook, iif / oif, icmp_type,
-- and after a DNAT in the guest: dnat, orig_dst, orig_dport. See docs/guest-os-rules.md.
-- nftables.lua reuses the address and port tests.

local M = {}
local proto_numbers = { tcp = 6, udp = 17, icmp = 1, gre = 47, ["ipv6-icmp"] = 58, icmpv6 = 58, sctp = 132 }

local function proto_number(name)
  if name == nil then return nil end
  local n = tonumber(name)
  if n then return n end
  return proto_numbers[name:lower()]
end
M.proto_number = proto_number

local function ult_or_eq(a, b) -- a <= b for {hi, lo} addresses, unsigned
  if a.hi ~= b.hi then return math.ult(a.hi, b.hi) end
  return a.lo == b.lo or math.ult(a.lo, b.lo)
end

--- Whether address `addr` lies in `spec`: an address, a block, or an `a-b` range.
function M.address_in(spec, addr)
  local a = net.ip(addr)
  if a == nil then return nil, "address " .. tostring(addr) .. " unknown" end
  local lo, hi = spec:match("^([^-]+)%-([^-]+)$")
  if lo then
    local l, h = net.ip(lo), net.ip(hi)
    if not l or not h then return nil, "range " .. spec .. " not understood" end
    if l.family ~= a.family then return false end
    return ult_or_eq(l, a) and ult_or_eq(a, h)
  end
  if net.cidr(spec) == nil then return nil, "address " .. spec .. " not understood" end
  return net.contains(spec, addr)
end

--- `22`, `1000:2000`, `1000-2000`, `:1023`, `1024:` → lo, hi (nil when not a port spec).
function M.port_spec(s)
  s = tostring(s)
  local n = tonumber(s)
  if n then return n, n end
  local a, b = s:match("^(%d*)[:%-](%d*)$")
  if a == nil then return nil end
  return tonumber(a) or 0, tonumber(b) or 65535
end

--- Whether the packet port (number or {lo, hi}) lies in one of the specs: true when the
--- whole range does, false when no part does, nil when only part of the range does.
function M.port_in(specs, port)
  local plo, phi
  if type(port) == "number" then plo, phi = port, port else plo, phi = port.lo, port.hi end
  local partial = false
  for _, s in ipairs(specs) do
    local lo, hi = M.port_spec(s)
    if lo == nil then return nil, "port " .. tostring(s) .. " not understood" end
    if plo >= lo and phi <= hi then return true end
    if not (phi < lo or plo > hi) then partial = true end
  end
  if partial then return nil, "matches only part of the client's source ports" end
  return false
end

--- Interface name match; `+` at the end is a prefix wildcard.
function M.iface_is(spec, name)
  if name == nil then
    -- Traffic from another host never arrives on (or leaves by) loopback.
    if spec == "lo" then return false end
    return nil, "the guest interface holding the address is unknown"
  end
  if spec:sub(-1) == "+" then return name:sub(1, #spec - 1) == spec:sub(1, -2) end
  return spec == name
end

local function has_ports(p) return p.proto == "tcp" or p.proto == "udp" end

local tcp_flag_names = { SYN = true, ACK = true, FIN = true, RST = true, URG = true, PSH = true, ALL = true, NONE = true }

local function flag_set(list)
  local s = {}
  for f in list:gmatch("[^,]+") do
    if f == "ALL" then
      for k in pairs(tcp_flag_names) do if k ~= "ALL" and k ~= "NONE" then s[k] = true end end
    elseif f ~= "NONE" then s[f] = true end
  end
  return s
end

--- The few match options the parser keeps as `unknown` that a packet can still decide.
local function unknown_option(text, p)
  if text == "--syn" then
    if p.proto ~= "tcp" then return false end
    if p.state == "NEW" and not p.reply then return true end
    return false
  end
  local mask, comp = text:match("^%-%-tcp%-flags (%S+) (%S+)$")
  if mask then
    if p.proto ~= "tcp" then return false end
    -- The first packet of a new connection carries SYN alone; later packets vary.
    if p.state ~= "NEW" or p.reply then return nil, "TCP flags of later packets vary" end
    local m, c = flag_set(mask), flag_set(comp)
    for f in pairs(m) do
      local want = c[f] == true
      local have = f == "SYN"
      if want ~= have then return false end
    end
    return true
  end
  local dtype = text:match("^%-m addrtype %-%-dst%-type (%S+)$")
  if dtype and p.hook == "input" then return dtype == "LOCAL" end
  return nil, "not interpretable offline"
end

--- ICMP / ICMPv6 type names as iptables and nft print them, with their numbers (codes of
--- destination-unreachable and the like count as their type, which an echo never is).
M.icmp_types = {
  ["echo-reply"] = 0, pong = 0, ["destination-unreachable"] = 3, ["source-quench"] = 4, redirect = 5,
  ["echo-request"] = 8, ping = 8, ["router-advertisement"] = 9, ["router-solicitation"] = 10,
  ["time-exceeded"] = 11, ["ttl-exceeded"] = 11, ["parameter-problem"] = 12, ["timestamp-request"] = 13,
  ["timestamp-reply"] = 14, ["info-request"] = 15, ["info-reply"] = 16, ["address-mask-request"] = 17,
  ["address-mask-reply"] = 18, ["network-unreachable"] = 3, ["host-unreachable"] = 3,
  ["protocol-unreachable"] = 3, ["port-unreachable"] = 3, ["fragmentation-needed"] = 3,
  ["communication-prohibited"] = 3, ["host-prohibited"] = 3, ["network-prohibited"] = 3,
}
M.icmpv6_types = {
  ["destination-unreachable"] = 1, ["packet-too-big"] = 2, ["time-exceeded"] = 3, ["parameter-problem"] = 4,
  ["echo-request"] = 128, ping = 128, ["echo-reply"] = 129, pong = 129,
  ["nd-router-solicit"] = 133, ["nd-router-advert"] = 134, ["nd-neighbor-solicit"] = 135, ["nd-neighbor-advert"] = 136,
}

--- Whether an ICMP packet (its `icmp_type`; echoes carry code 0) has the type `spec`: a
--- name, a number, `type/code`, or `any`.
function M.icmp_type_is(spec, p)
  if spec == "any" then return true end
  local t, code = spec:match("^(%d+)/(%d+)$")
  if t then return tonumber(t) == p.icmp_type and tonumber(code) == 0 end
  local n = tonumber(spec) or (p.family == 6 and M.icmpv6_types or M.icmp_types)[spec:lower()]
  if n == nil then return nil, "ICMP type " .. spec .. " unknown" end
  return n == p.icmp_type
end

local function is_icmp(p) return p.proto == "icmp" end

--- A conntrack state of the packet's connection (`--ctstate`, `ct state`): NEW or ESTABLISHED as
--- built, DNAT when the guest's nat rewrote its destination; nil for what is not modelled.
function M.state_is(s, p, tname)
  if tname == "raw" then return nil, "conntrack has not run yet in the raw table" end
  s = s:upper()
  if s == "DNAT" then return p.dnat == true end
  if s == "SNAT" then return nil, "SNAT inside the guest is not modelled" end
  return s == p.state
end

--- Evaluates one match: true, false or nil plus a reason. `tname` is the table walked.
function M.match(m, p, tname)
  local f, v = m.field, m.values
  local r, why
  if tname == "raw" and (f == "state" or f:sub(1, 2) == "ct") then
    return nil, "conntrack has not run yet in the raw table"
  end
  if f == "protocol" then
    local want = v[1]
    if want == "all" or want == "0" then r = true
    else
      local n = proto_number(want)
      if n == nil then r, why = nil, "protocol " .. want .. " unknown"
      else r = (n == proto_number(p.proto)) end
    end
  elseif f == "source" or f == "destination" then
    local addr = f == "source" and p.src or p.dst
    r = false
    for _, spec in ipairs(v) do
      local x, w = M.address_in(spec, addr)
      if x == nil then r, why = nil, w break end
      if x then r = true end
    end
  elseif f == "src-range" or f == "dst-range" then
    r, why = M.address_in(v[1], f == "src-range" and p.src or p.dst)
  elseif f == "in-interface" then
    if p.hook ~= "input" then r, why = nil, "-i on an output chain" else r, why = M.iface_is(v[1], p.iif) end
  elseif f == "out-interface" then
    if p.hook ~= "output" then r, why = nil, "-o on an input chain" else r, why = M.iface_is(v[1], p.oif) end
  elseif f == "dport" or f == "sport" then
    if not has_ports(p) then r = false
    else r, why = M.port_in(v, f == "dport" and p.dport or p.sport) end
  elseif f == "port" then
    if not has_ports(p) then r = false
    else
      local a, wa = M.port_in(v, p.dport)
      local b, wb = M.port_in(v, p.sport)
      if a == true or b == true then r = true
      elseif a == nil or b == nil then r, why = nil, wa or wb
      else r = false end
    end
  elseif f == "state" then
    r, why = guest.any_of(v, function(s) return M.state_is(s, p, tname) end)
  elseif f == "icmp-type" then
    if not is_icmp(p) then r = false else r, why = M.icmp_type_is(v[1], p) end
  elseif f == "ctproto" then
    local n = proto_number(v[1])
    if n == nil then r, why = nil, "protocol " .. v[1] .. " unknown" else r = n == proto_number(p.proto) end
  elseif f == "ctorigdstport" then
    if not has_ports(p) then r = false else r, why = M.port_in(v, p.orig_dport or p.dport) end
  elseif f == "ctorigdst" then
    r, why = M.address_in(v[1], p.orig_dst or p.dst)
  elseif f == "ctstatus" then
    r, why = guest.any_of(v, function(s)
      if s:upper() == "DNAT" then return p.dnat == true end
      return nil, "conntrack status " .. s .. " is not modelled"
    end)
  elseif f == "set" then
    r, why = nil, "ipset " .. tostring(v[1]) .. " (" .. tostring(v[2]) .. ") is not collected: membership cannot be decided offline"
  else
    r, why = unknown_option(v[1] or "", p)
  end
  if r ~= nil and m.negated then r = not r end
  return r, why
end

--- All matches of a rule: false as soon as one is false; nil when none is false but one is unknown.
function M.rule_matches(rule, p, tname)
  return guest.all_of(rule.matches, function(m) return M.match(m, p, tname) end)
end

return M
