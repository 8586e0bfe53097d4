-- Walks one chain of an iptables-save dump (model IptablesRuleset) for one packet, the way the
-- kernel does: the filter table's INPUT / OUTPUT, raw PREROUTING, nat PREROUTING. Rules in
-- order; ACCEPT, DROP, REJECT (and in nat DNAT, REDIRECT) end the walk; a jump to a user chain
-- returns after it, a goto does not; RETURN (or the end of a user chain) goes back to the
-- caller; the end of a built-in chain applies its policy. LOG and other non-terminating targets
-- continue. Matching (three-valued) is in ipmatch.lua. See docs/guest-os-rules.md.

local M = {}

--- Targets that do not end the walk (the packet goes on to the next rule).
M.non_terminating = {
  LOG = true, NFLOG = true, ULOG = true, MARK = true, CONNMARK = true, CLASSIFY = true, DSCP = true,
  TOS = true, TCPMSS = true, AUDIT = true, CHECKSUM = true, TEE = true, SECMARK = true,
  CONNSECMARK = true, TRACE = true, IDLETIMER = true, LED = true, RATEEST = true, SET = true,
  TTL = true, HL = true, NOTRACK = true, CT = true, HMARK = true, TPROXY = false,
}

-- The matching lives in ipmatch.lua; these names stay here for the other libraries.
M.proto_number, M.address_in, M.port_spec, M.port_in = ipmatch.proto_number, ipmatch.address_in, ipmatch.port_spec, ipmatch.port_in
M.match, M.rule_matches = ipmatch.match, ipmatch.rule_matches

local function find(list, name)
  for _, x in ipairs(list) do if x.name == name then return x end end
  return nil
end

--- The lines of `ruleset.unparsed` that could change a walk of table `tname`: a line outside
--- any table or of unknown chain doubts every walk of the table (`whole`); one of a known chain
--- doubts a walk that enters the chain (`any`: position unknown) or reaches its position (`at`).
--- Lines of other tables are returned in `others`, listed as not interpreted.
local function doubts(ruleset, tname, label)
  local whole, by_chain, others = {}, {}, {}
  for _, u in ipairs(ruleset.unparsed) do
    local d = { firewall = label, table = u.table or tname, chain = u.chain, line = u.line, text = u.text,
                why = "line not understood: " .. u.reason, hard = true }
    if u.table ~= nil and u.table ~= tname then
      d.hard, d.why = nil, d.why .. " (table " .. u.table .. ")"
      others[#others + 1] = d
    elseif u.chain == nil then
      whole[#whole + 1] = d
    else
      local c = by_chain[u.chain] or { any = {}, at = {} }
      by_chain[u.chain] = c
      if u.position == nil then c.any[#c.any + 1] = d
      else
        c.at[u.position] = c.at[u.position] or {}
        table.insert(c.at[u.position], d)
      end
    end
  end
  return whole, by_chain, others
end

--- Verdicts of terminating targets; DNAT and REDIRECT end a nat walk with the translation.
local terminal = { ACCEPT = "accept", DROP = "drop", REJECT = "reject", DNAT = "nat", REDIRECT = "nat" }

--- Walks `chain_name` of table `tname` (`filter` INPUT / OUTPUT, `raw` PREROUTING, `nat`
--- PREROUTING). `assume` is what an undecidable match counts as; `label` names the dump
--- (iptables / ip6tables) in evidence. Returns { verdict = accept|drop|reject|nat, by = {…},
--- unknowns = {…} }; an unknown with `hard` set leaves the outcome undecided whatever `assume`
--- is (a line not understood on the way, a target that cannot be evaluated).
function M.walk(ruleset, tname, chain_name, p, assume, label)
  label = label or "iptables"
  local unknowns = {}
  local whole, by_chain, others = doubts(ruleset, tname, label)
  if tname == "filter" then for _, d in ipairs(others) do unknowns[#unknowns + 1] = d end end
  local function by_rule(chain, rule, target)
    return { firewall = label, table = tname, chain = chain.name, line = rule.line, text = rule.text, target = target,
             targetOptions = rule.targetOptions }
  end
  local tbl = find(ruleset.tables, tname)
  local base = tbl and find(tbl.chains, chain_name)
  for _, d in ipairs(whole) do if tbl ~= nil then unknowns[#unknowns + 1] = d end end
  if base == nil then
    return { verdict = "accept", by = { firewall = label, table = tname, chain = chain_name, policy = "ACCEPT", implicit = true },
             unknowns = unknowns }
  end
  local function reach(chain, position)
    local c = by_chain[chain.name]
    if c == nil then return end
    local list = position == nil and c.any or c.at[position]
    for _, d in ipairs(list or {}) do unknowns[#unknowns + 1] = d end
  end
  local function enter(chain) reach(chain, nil) end
  local function policy_end(via)
    local policy = base.policy or "ACCEPT"
    return { verdict = policy == "DROP" and "drop" or "accept", unknowns = unknowns,
             by = { firewall = label, table = tname, chain = base.name, policy = policy, via = via } }
  end
  enter(base)
  local frames = { { chain = base, i = 1 } }
  local steps = 0
  while true do
    steps = steps + 1
    if steps > 100000 or #frames > 64 then
      unknowns[#unknowns + 1] = { firewall = label, table = tname, text = "chain " .. frames[#frames].chain.name, why = "chain loop", hard = true }
      return { verdict = "accept", by = { firewall = label, table = tname, chain = base.name, policy = "?" }, unknowns = unknowns }
    end
    local fr = frames[#frames]
    local rules = fr.chain.rules
    reach(fr.chain, fr.i - 1)
    if fr.i > #rules then
      frames[#frames] = nil
      if #frames == 0 then return policy_end(fr.chain ~= base and fr.chain.name or nil) end
    else
      local rule = rules[fr.i]
      fr.i = fr.i + 1
      local m, why = M.rule_matches(rule, p, tname)
      local t = rule.target
      if m == nil then
        -- An undecidable rule without a terminating effect cannot change anything.
        if t ~= nil and not M.non_terminating[t] then
          unknowns[#unknowns + 1] = { firewall = label, table = tname, chain = fr.chain.name, line = rule.line,
                                      text = rule.text, why = why }
        end
        m = assume
      end
      if m and (t == "CT" or t == "NOTRACK") and (rule.text:find("--notrack", 1, true) or t == "NOTRACK") then
        -- Untracked packets skip nat and match no conntrack state: not modelled.
        unknowns[#unknowns + 1] = { firewall = label, table = tname, chain = fr.chain.name, line = rule.line,
                                    text = rule.text, why = "connection tracking turned off for the packet (not modelled)", hard = true }
      end
      if m and t ~= nil and not M.non_terminating[t] then
        if terminal[t] then
          return { verdict = terminal[t], by = by_rule(fr.chain, rule, t), unknowns = unknowns }
        elseif t == "RETURN" then
          frames[#frames] = nil
          if #frames == 0 then return policy_end(fr.chain.name) end
        else
          local target = find(tbl.chains, t)
          if target ~= nil and target.policy == nil then
            if rule.isGoto then frames[#frames] = { chain = target, i = 1 }
            else frames[#frames + 1] = { chain = target, i = 1 } end
            enter(target)
          else
            unknowns[#unknowns + 1] = { firewall = label, table = tname, chain = fr.chain.name, line = rule.line,
                                        text = rule.text, why = "target " .. t .. " not evaluated", hard = true }
          end
        end
      end
    end
  end
end

--- The filter table's INPUT or OUTPUT chain (see `walk`).
function M.evaluate(ruleset, chain_name, p, assume, label)
  return M.walk(ruleset, "filter", chain_name, p, assume, label)
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
