-- Evaluates an `nft -j list ruleset` dump (model NftRuleset) for one packet on one hook:
-- every base chain on the hook of a table of the packet's family (ip / ip6 / inet), in
-- priority order. Within a chain rules run in order: accept ends the chain (the next base
-- chain still sees the packet), drop and reject end everything, jump / goto / return as in
-- the kernel, and the end of a base chain applies its policy. See docs/guest-os-rules.md.
--
-- Packets are guest.packet tables; matches are three-valued like iptables.lua's.

local M = {}

local families = { [4] = { ip = true, inet = true }, [6] = { ip6 = true, inet = true } }
--- The table names iptables-nft creates; see `is_mirror`.
M.xtables_tables = { filter = true, mangle = true, raw = true, security = true, nat = true }

--- Whether an nft table is iptables-nft's view of the iptables dump: a table of family ip
--- (ip6 for ip6tables) named like an iptables table whose chains all exist in that dump's
--- table with the same number of rules. Such a table is evaluated once, as iptables.
function M.is_mirror(tbl, ipt)
  if ipt == nil or not M.xtables_tables[tbl.name] then return false end
  if tbl.family ~= "ip" and tbl.family ~= "ip6" then return false end
  local itable
  for _, t in ipairs(ipt.tables) do if t.name == tbl.name then itable = t end end
  if itable == nil then return false end
  for _, c in ipairs(tbl.chains) do
    local found
    for _, ic in ipairs(itable.chains) do if ic.name == c.name then found = ic end end
    if found == nil or #found.rules ~= #c.rules then return false end
  end
  return true
end

--- Base chains on `hook` for address family 4 or 6, sorted by priority (stable); with `ctype`,
--- only chains of that type (`filter`, `nat`; a chain without a type counts as filter).
--- Returns the list of {table, chain, priority} and the names of tables left out as mirrors.
function M.base_chains(ruleset, hook, family, ipt, ctype)
  local out, mirrored = {}, {}
  for _, tbl in ipairs(ruleset.tables) do
    if families[family][tbl.family] then
      local want_ipt = ipt
      if tbl.family == "ip" and family ~= 4 then want_ipt = nil end
      if M.is_mirror(tbl, want_ipt) then
        mirrored[#mirrored + 1] = tbl.family .. " " .. tbl.name
      else
        for _, c in ipairs(tbl.chains) do
          if c.hook == hook and (ctype == nil or (c.type or "filter") == ctype) then
            out[#out + 1] = { table = tbl, chain = c, priority = c.priority or 0 }
          end
        end
      end
    end
  end
  for i = 2, #out do
    local j = i
    while j > 1 and out[j].priority < out[j - 1].priority do
      out[j], out[j - 1] = out[j - 1], out[j]
      j = j - 1
    end
  end
  return out, mirrored
end

local services = { ssh = 22, http = 80, https = 443, domain = 53, smtp = 25, ntp = 123, ["ms-wbt-server"] = 3389,
                   mysql = 3306, postgresql = 5432, telnet = 23 }
local proto_numbers = { tcp = 6, udp = 17, icmp = 1, gre = 47, ["ipv6-icmp"] = 58, icmpv6 = 58, sctp = 132 }

--- The elements a value stands for: a named set's elements for `@name`, else the value.
local function expand(tbl, values)
  local out = {}
  for _, v in ipairs(values) do
    if v:sub(1, 1) == "@" then
      local set = tbl.sets[v:sub(2)]
      if set == nil then return nil, "set " .. v .. " not found in table " .. tbl.name end
      for _, e in ipairs(set) do out[#out + 1] = e end
    else
      out[#out + 1] = v
    end
  end
  return out
end

local function port_test(port)
  return function(e)
    local s = services[e] and tostring(services[e]) or e
    if s:find(" . ", 1, true) then return nil, "concatenated element " .. e end
    local lo, hi = iptables.port_spec(s)
    if lo == nil then return nil, "port " .. e .. " not understood" end
    return iptables.port_in({ lo .. ":" .. hi }, port)
  end
end

local function proto_test(p)
  local want = proto_numbers[p.proto]
  return function(e)
    local n = tonumber(e) or proto_numbers[e]
    if n == nil then return nil, "protocol " .. e .. " unknown" end
    return n == want
  end
end

local function glob(spec, name)
  if name == nil then
    if spec == "lo" then return false end
    return nil, "the guest interface holding the address is unknown"
  end
  if spec:sub(-1) == "*" then return name:sub(1, #spec - 1) == spec:sub(1, -2) end
  return spec == name
end

--- Evaluates one match of a rule in table `tbl`.
function M.match(tbl, m, p)
  local f = m.field
  local elements, why = expand(tbl, m.values)
  if elements == nil then return nil, why end
  local r
  local l3, dir = f:match("^(ip6?) ([sd]addr)$")
  local l4, pdir = f:match("^(%a+) ([sd]port)$")
  if l3 then
    if (l3 == "ip" and p.family ~= 4) or (l3 == "ip6" and p.family ~= 6) then return false end
    local addr = dir == "saddr" and p.src or p.dst
    r, why = guest.any_of(elements, function(e) return iptables.address_in(e, addr) end)
  elseif l4 and (l4 == "tcp" or l4 == "udp" or l4 == "th" or l4 == "sctp" or l4 == "dccp") then
    if l4 == "th" then
      if p.proto ~= "tcp" and p.proto ~= "udp" then return false end
    elseif l4 ~= p.proto then
      return false
    end
    r, why = guest.any_of(elements, port_test(pdir == "dport" and p.dport or p.sport))
  elseif f == "meta l4proto" or f == "ip protocol" or f == "ip6 nexthdr" then
    if (f == "ip protocol" and p.family ~= 4) or (f == "ip6 nexthdr" and p.family ~= 6) then return false end
    r, why = guest.any_of(elements, proto_test(p))
  elseif f == "meta nfproto" then
    r = guest.any_of(elements, function(e) return (e == "ipv4" and p.family == 4) or (e == "ipv6" and p.family == 6) end)
  elseif f == "ct state" then
    r, why = guest.any_of(elements, function(e) return ipmatch.state_is(e, p) end)
  elseif f == "ct status" then
    r, why = guest.any_of(elements, function(e)
      if e == "dnat" then return p.dnat == true end
      return nil, "ct status " .. e .. " is not modelled"
    end)
  elseif f == "ct original proto-dst" then
    if p.proto ~= "tcp" and p.proto ~= "udp" then return false end
    r, why = guest.any_of(elements, port_test(p.orig_dport or p.dport))
  elseif f == "ct original daddr" or f == "ct original ip daddr" then
    r, why = guest.any_of(elements, function(e) return iptables.address_in(e, p.orig_dst or p.dst) end)
  elseif f == "icmp type" or f == "icmpv6 type" then
    if p.proto ~= "icmp" or (f == "icmp type") ~= (p.family == 4) then return false end
    r, why = guest.any_of(elements, function(e) return ipmatch.icmp_type_is(e, p) end)
  elseif f == "iifname" or f == "meta iif" or f == "meta iifname" then
    if p.hook ~= "input" then return nil, f .. " on an output hook" end
    r, why = guest.any_of(elements, function(e) return glob(e, p.iif) end)
  elseif f == "oifname" or f == "meta oif" or f == "meta oifname" then
    if p.hook ~= "output" then return nil, f .. " on an input hook" end
    r, why = guest.any_of(elements, function(e) return glob(e, p.oif) end)
  else
    return nil, "expression not interpretable offline"
  end
  if r ~= nil and m.op == "!=" then r = not r end
  return r, why
end

function M.rule_matches(tbl, rule, p)
  return guest.all_of(rule.matches, function(m) return M.match(tbl, m, p) end)
end

local function find_chain(tbl, name)
  for _, c in ipairs(tbl.chains) do if c.name == name then return c end end
  return nil
end

--- The verdict (and jump target) a verdict map gives the packet: the first element whose values
--- match; nil when none does; nil and a reason when an element before the deciding one cannot
--- be decided.
local function vmap_verdict(tbl, map, p)
  for _, e in ipairs(map.elements) do
    local r, why = M.match(tbl, { field = map.field, op = "==", values = e.values }, p)
    if r == nil then return nil, nil, "verdict map element " .. table.concat(e.values, ", ") .. ": " .. tostring(why) end
    if r then return e.verdict, e.target end
  end
  return nil
end

--- Walks one base chain. Returns { verdict = accept|drop|reject, by, unknowns }.
function M.evaluate(tbl, base, p, assume)
  local unknowns = {}
  local tname = tbl.family .. " " .. tbl.name
  local function by_rule(chain, rule, verdict)
    return { firewall = "nftables", table = tname, chain = chain.name, handle = rule.handle, text = rule.text,
             base = base.name, verdict = verdict, family = tbl.family, tableName = tbl.name }
  end
  local function by_policy(via)
    local policy = base.policy or "accept"
    return { firewall = "nftables", table = tname, chain = base.name, policy = policy, base = base.name,
             family = tbl.family, tableName = tbl.name, via = via }
  end
  local frames = { { chain = base, i = 1 } }
  local steps = 0
  while true do
    steps = steps + 1
    if steps > 100000 or #frames > 64 then
      unknowns[#unknowns + 1] = { firewall = "nftables", text = "chain " .. frames[#frames].chain.name, why = "chain loop" }
      return { verdict = "accept", by = by_policy(), unknowns = unknowns }
    end
    local fr = frames[#frames]
    if fr.i > #fr.chain.rules then
      frames[#frames] = nil
      if #frames == 0 then
        local by = by_policy(fr.chain ~= base and fr.chain.name or nil)
        return { verdict = by.policy == "drop" and "drop" or "accept", by = by, unknowns = unknowns }
      end
    else
      local rule = fr.chain.rules[fr.i]
      fr.i = fr.i + 1
      local m, why = M.rule_matches(tbl, rule, p)
      local v, target = rule.verdict, rule.target
      if m ~= false and rule.vmap then
        local mv, mt, mwhy = vmap_verdict(tbl, rule.vmap, p)
        if mv == nil and mwhy then
          unknowns[#unknowns + 1] = { firewall = "nftables", handle = rule.handle, text = rule.text, why = mwhy,
                                      table = tname, chain = fr.chain.name, hard = true }
        end
        v, target = mv, mt
      end
      if m ~= false and v == "unknown" then
        -- The packet leaves the chain with an outcome nft does not say (a queue, an xt target).
        unknowns[#unknowns + 1] = { firewall = "nftables", handle = rule.handle, text = rule.text, hard = true,
                                    why = tostring(target) .. " is not evaluated", table = tname, chain = fr.chain.name }
        m, v = false, nil
      end
      if m == nil then
        if v ~= nil and v ~= "continue" then
          unknowns[#unknowns + 1] = { firewall = "nftables", handle = rule.handle, text = rule.text,
                                      why = why, table = tname, chain = fr.chain.name }
        end
        m = assume
      end
      if m and v ~= nil and v ~= "continue" then
        if v == "accept" or v == "drop" or v == "reject" then
          return { verdict = v, by = by_rule(fr.chain, rule, v), unknowns = unknowns }
        elseif v == "dnat" or v == "redirect" then
          local by = by_rule(fr.chain, rule, v)
          by.nat = rule.nat
          return { verdict = "nat", by = by, unknowns = unknowns }
        elseif v == "return" then
          frames[#frames] = nil
          if #frames == 0 then
            local by = by_policy(fr.chain.name)
            return { verdict = by.policy == "drop" and "drop" or "accept", by = by, unknowns = unknowns }
          end
        elseif v == "jump" or v == "goto" then
          local name = target
          target = name and find_chain(tbl, name)
          if target == nil then
            unknowns[#unknowns + 1] = { firewall = "nftables", handle = rule.handle, text = rule.text,
                                        why = "chain " .. tostring(name) .. " not found", hard = true }
          elseif v == "goto" then
            frames[#frames] = { chain = target, i = 1 }
          else
            frames[#frames + 1] = { chain = target, i = 1 }
          end
        end
      end
    end
  end
end

--- `nft insert rule inet filter input ip saddr 10.0.1.11 tcp dport 8080 accept`: an accept at
--- the top of the base chain that dropped.
function M.suggest(by, p)
  local words = { "nft insert rule", by.family, by.tableName, by.base }
  if p.state == "ESTABLISHED" then
    words[#words + 1] = "ct state established,related accept"
    return table.concat(words, " ")
  end
  local l3 = p.family == 6 and "ip6" or "ip"
  if p.hook == "input" then words[#words + 1] = l3 .. " saddr " .. p.src
  else words[#words + 1] = l3 .. " daddr " .. p.dst end
  if (p.proto == "tcp" or p.proto == "udp") and type(p.dport) == "number" then
    words[#words + 1] = p.proto .. " dport " .. p.dport
  elseif p.proto == "icmp" then
    words[#words + 1] = p.family == 6 and "meta l4proto ipv6-icmp" or "meta l4proto icmp"
  elseif p.proto == "gre" then
    words[#words + 1] = "meta l4proto gre"
  end
  words[#words + 1] = "accept"
  return table.concat(words, " ")
end

return M
