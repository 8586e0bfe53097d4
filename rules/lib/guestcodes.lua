-- How the guest firewall findings name things: deciding entries, evidence, nat translations,
-- and the reason codes of a firewall leg (see docs/guest-os-rules.md, "Findings"). guestfw.lua
-- builds the findings with them.

local M = {}

--- A short text for an evidence entry: `iptables filter/INPUT line 7: -A INPUT -j DROP`.
function M.describe_entry(by)
  if by == nil then return "no rule" end
  if by.firewall == "windows" then
    if by.stateful then return "Windows Firewall (stateful: replies pass)" end
    if by.rule then return "Windows Firewall rule \"" .. by.rule .. "\" (" .. by.action .. ")" end
    return "Windows Firewall default " .. by.direction .. " action " .. by.action
  end
  local where = by.firewall .. " " .. (by.table or "") .. "/" .. (by.chain or "")
  if by.line then return where .. " line " .. by.line .. ": " .. by.text end
  if by.handle then return where .. " handle " .. by.handle .. ": " .. by.text end
  return where .. " policy " .. tostring(by.policy)
end

--- Evidence table from a deciding entry.
function M.evidence(by, extra)
  local e = {}
  if by then
    for _, k in ipairs({ "firewall", "table", "chain", "line", "handle", "text", "policy", "base", "rule", "action", "direction" }) do
      if by[k] ~= nil then e[k] = by[k] end
    end
    if e.text then e.rule = e.rule or e.text; e.text = nil end
  end
  for k, v in pairs(extra or {}) do e[k] = v end
  return e
end

--- The reason code for a blocking verdict: IPTABLES_INPUT_DROPPED, NFT_OUTPUT_REJECTED,
--- WINFW_INBOUND_BLOCKED, … `where` is INPUT, OUTPUT, REPLY_OUTPUT or REPLY_INPUT.
function M.block_code(by, verdict, where)
  if by.firewall == "windows" then
    return (where == "INPUT") and "WINFW_INBOUND_BLOCKED" or "WINFW_OUTBOUND_BLOCKED"
  end
  local fw = (by.firewall == "nftables") and "NFT" or "IPTABLES"
  return fw .. "_" .. where .. "_" .. (verdict == "reject" and "REJECTED" or "DROPPED")
end

--- The reasons a firewall rule declares for one place (`where` as in block_code), plus the
--- shared pass, undecidable and not-collected codes and the prerequisite reasons.
function M.firewall_reasons(where, pass_code, pass_meaning, windows_code)
  local place = ({ INPUT = "the destination's input path (raw / nat PREROUTING, then the INPUT chain; nft prerouting and input hooks)",
                   OUTPUT = "the OUTPUT chain / output hook of the source",
                   REPLY_OUTPUT = "the destination's OUTPUT chain / output hook, for replies",
                   REPLY_INPUT = "the source's input path (raw PREROUTING, then the INPUT chain; nft prerouting and input hooks), for replies" })[where]
  local r = {
    [pass_code] = pass_meaning,
    GUEST_FIREWALL_NONE = "No guest firewall rule set exists (no iptables, nftables or Windows Firewall rules): nothing filters.",
    GUEST_FIREWALL_OFF = "The Windows Firewall profile in use is off.",
    GUEST_FIREWALL_UNDECIDABLE = {
      meaning = "A rule that could change the outcome cannot be evaluated offline (an ipset, an unknown match, an unreadable line); the message names it.",
      suggestion = "Check the named line by hand (e.g. `ipset list NAME`), or replace it with address and port matches.",
    },
    GUEST_FIREWALL_NOT_COLLECTED = {
      meaning = "The guest firewall rules could not be read (the tool failed), so the item cannot be evaluated.",
      suggestion = "Fix the failing tool on the guest and collect again (`netdiag agent collect`).",
    },
  }
  for _, fw in ipairs({ "IPTABLES", "NFT" }) do
    local name = fw == "NFT" and "nftables" or "iptables"
    local cmd = fw == "NFT" and "nft insert rule FAMILY TABLE CHAIN … accept" or "iptables -I CHAIN 1 … -j ACCEPT"
    r[fw .. "_" .. where .. "_DROPPED"] = {
      meaning = "A " .. name .. " rule or chain policy drops the traffic in " .. place .. ".",
      suggestion = "Insert an accept rule before the deciding line (`" .. cmd .. "`); the finding gives the exact command.",
    }
    r[fw .. "_" .. where .. "_REJECTED"] = {
      meaning = "A " .. name .. " reject rule refuses the traffic in " .. place .. ".",
      suggestion = "Insert an accept rule before the reject (`" .. cmd .. "`), or delete the reject rule.",
    }
  end
  if windows_code then
    r[windows_code] = {
      meaning = "Windows Firewall blocks the traffic: a block rule matched (block wins over allow), or no allow rule matched and the profile's default blocks.",
      suggestion = "Disable the block rule, or add an allow rule (`netsh advfirewall firewall add rule …`); the finding gives the command.",
    }
  end
  return guest.reasons(r)
end

--- `DNAT by iptables nat/PREROUTING line 5: … (tcp 80 → 10.0.1.5:8080)`, or "".
function M.describe_nat(nat, before, after)
  if nat == nil then return "" end
  return string.format("; translated by %s (%s:%s → %s:%s)", M.describe_entry(nat), tostring(before.dst),
    tostring(before.dport or "-"), tostring(after.dst), tostring(after.dport or "-"))
end

return M
