-- Evaluates the filter table of an iptables-save dump (model IptablesRuleset) for one packet,
-- the way the kernel walks it: rules in order; ACCEPT, DROP, REJECT end the walk; a jump to a
-- user chain returns after it, a goto does not; RETURN (or the end of a user chain) goes back
-- to the caller; the end of a built-in chain applies its policy. LOG and other non-terminating
-- targets continue. See docs/guest-os-rules.md.
--
-- A packet (built by guest.packet): family, proto, src, dst, sport, dport (a number or
-- {lo=, hi=}), state (NEW / ESTABLISHED), hook, iif / oif (interface names or nil when unknown).
-- Matches are three-valued: true, false, or nil (cannot be decided offline, with a reason).

local M = {}

--- Targets that do not end the walk (the packet goes on to the next rule).
M.non_terminating = {
  LOG = true, NFLOG = true, ULOG = true, MARK = true, CONNMARK = true, CLASSIFY = true, DSCP = true,
  TOS = true, TCPMSS = true, AUDIT = true, CHECKSUM = true, TEE = true, SECMARK = true,
  CONNSECMARK = true, TRACE = true, IDLETIMER = true, LED = true, RATEEST = true, SET = true,
  TTL = true, HL = true, NOTRACK = true, CT = true, HMARK = true, TPROXY = false,
}

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

--- Evaluates one match: true, false or nil plus a reason.
function M.match(m, p)
  local f, v = m.field, m.values
  local r, why
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
    r = false
    for _, s in ipairs(v) do if s:upper() == p.state then r = true end end
  elseif f == "set" then
    r, why = nil, "ipset " .. tostring(v[1]) .. " (" .. tostring(v[2]) .. ") is not collected: membership cannot be decided offline"
  else
    r, why = unknown_option(v[1] or "", p)
  end
  if r ~= nil and m.negated then r = not r end
  return r, why
end

--- All matches of a rule: false as soon as one is false; nil when none is false but one is unknown.
function M.rule_matches(rule, p)
  return guest.all_of(rule.matches, function(m) return M.match(m, p) end)
end

local function find(list, name)
  for _, x in ipairs(list) do if x.name == name then return x end end
  return nil
end

--- Walks `chain_name` (INPUT or OUTPUT) of the filter table. `assume` is what an
--- undecidable match counts as. `label` names the dump (iptables / ip6tables) in evidence.
--- Returns { verdict = accept|drop|reject, by = {…}, unknowns = {…} }.
function M.evaluate(ruleset, chain_name, p, assume, label)
  label = label or "iptables"
  local unknowns = {}
  local function by_rule(chain, rule, target)
    return { firewall = label, table = "filter", chain = chain.name, line = rule.line, text = rule.text, target = target }
  end
  for _, u in ipairs(ruleset.unparsed) do
    unknowns[#unknowns + 1] = { firewall = label, line = u.line, text = u.text, why = "line not understood: " .. u.reason }
  end
  local filter = find(ruleset.tables, "filter")
  local base = filter and find(filter.chains, chain_name)
  if base == nil then
    return { verdict = "accept", by = { firewall = label, table = "filter", chain = chain_name, policy = "ACCEPT", implicit = true },
             unknowns = unknowns }
  end
  local frames = { { chain = base, i = 1 } }
  local steps = 0
  while true do
    steps = steps + 1
    if steps > 100000 or #frames > 64 then
      unknowns[#unknowns + 1] = { firewall = label, text = "chain " .. frames[#frames].chain.name, why = "chain loop" }
      return { verdict = "accept", by = { firewall = label, table = "filter", chain = base.name, policy = "?" }, unknowns = unknowns }
    end
    local fr = frames[#frames]
    local rules = fr.chain.rules
    if fr.i > #rules then
      frames[#frames] = nil
      if #frames == 0 then
        local policy = base.policy or "ACCEPT"
        local by = { firewall = label, table = "filter", chain = base.name, policy = policy }
        if fr.chain ~= base then by.via = fr.chain.name end
        return { verdict = policy == "DROP" and "drop" or "accept", by = by, unknowns = unknowns }
      end
    else
      local rule = rules[fr.i]
      fr.i = fr.i + 1
      local m, why = M.rule_matches(rule, p)
      local t = rule.target
      if m == nil then
        -- An undecidable rule without a terminating effect cannot change anything.
        if t ~= nil and not M.non_terminating[t] then
          unknowns[#unknowns + 1] = { firewall = label, table = "filter", chain = fr.chain.name, line = rule.line,
                                      text = rule.text, why = why }
        end
        m = assume
      end
      if m and t ~= nil and not M.non_terminating[t] then
        if t == "ACCEPT" then return { verdict = "accept", by = by_rule(fr.chain, rule, t), unknowns = unknowns }
        elseif t == "DROP" then return { verdict = "drop", by = by_rule(fr.chain, rule, t), unknowns = unknowns }
        elseif t == "REJECT" then return { verdict = "reject", by = by_rule(fr.chain, rule, t), unknowns = unknowns }
        elseif t == "RETURN" then
          frames[#frames] = nil
          if #frames == 0 then
            local policy = base.policy or "ACCEPT"
            return { verdict = policy == "DROP" and "drop" or "accept",
                     by = { firewall = label, table = "filter", chain = base.name, policy = policy, via = fr.chain.name },
                     unknowns = unknowns }
          end
        else
          local target = find(filter.chains, t)
          if target ~= nil and target.policy == nil then
            if rule.isGoto then frames[#frames] = { chain = target, i = 1 }
            else frames[#frames + 1] = { chain = target, i = 1 } end
          else
            unknowns[#unknowns + 1] = { firewall = label, table = "filter", chain = fr.chain.name, line = rule.line,
                                        text = rule.text, why = "target " .. t .. " not evaluated" }
          end
        end
      end
    end
  end
end

--- The command that lets `p` through the chain that decided (`by.chain`'s base chain).
function M.suggest(by, p)
  local cmd = by.firewall == "ip6tables" and "ip6tables" or "iptables"
  local base = p.hook == "input" and "INPUT" or "OUTPUT"
  local host = p.family == 6 and "/128" or "/32"
  local words = { cmd, "-I", base, "1" }
  if p.state == "ESTABLISHED" then
    words[#words + 1] = "-m conntrack --ctstate ESTABLISHED,RELATED"
    if p.proto == "tcp" or p.proto == "udp" then words[#words + 1] = "-p " .. p.proto end
  else
    if p.proto == "gre" then words[#words + 1] = "-p gre"
    elseif p.proto == "icmp" then words[#words + 1] = p.family == 6 and "-p ipv6-icmp" or "-p icmp"
    else words[#words + 1] = "-p " .. p.proto end
    if p.hook == "input" then words[#words + 1] = "-s " .. p.src .. host
    else words[#words + 1] = "-d " .. p.dst .. host end
    if type(p.dport) == "number" then words[#words + 1] = "--dport " .. p.dport end
  end
  words[#words + 1] = "-j ACCEPT"
  return table.concat(words, " ")
end

return M
