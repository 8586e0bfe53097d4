import Foundation
import NetDiagJSON
import NetDiagModel

/// Adds or removes one line of a captured guest firewall, through the parsers the inventory
/// loader reads the capture with, so an edited ruleset is what the loader would have read from
/// the edited file. Lines are in the captured format: an `iptables-save` rule line
/// (`-A INPUT -p tcp --dport 22 -j ACCEPT`), one `nft -j` rule object (`{"rule": {…}}`), or one
/// `netsh advfirewall firewall show rule verbose` block (`Rule Name: …` and its fields).
/// Errors say what is wrong with the line; the caller names the edit.
public enum FirewallLineEditor {
    /// Adds an `-A CHAIN …` line to `table` at the 1-based `position` of its chain (default: last).
    public static func addIptables(_ line: String, table: String, position: Int?,
                                   to ruleset: inout IptablesRuleset) throws(GuestParseError) {
        let words = try iptablesWords(line)
        guard words.count > 2, ["-A", "--append"].contains(words[0].text) else {
            throw GuestParseError(line: 0, "expected a rule line as iptables-save writes it: -A CHAIN match… -j TARGET")
        }
        // A match the decoder does not understand makes the guest rules call the chain undecidable:
        // a what-if about such a line could only answer "unknown", so it is refused instead.
        var decoder = IptablesRuleDecoder(words: Array(words.dropFirst(2)))
        let matches: [IptablesMatch]
        do { matches = try decoder.decode().matches } catch { throw GuestParseError(line: 0, error.reason) }
        if let unknown = matches.first(where: { $0.field == "unknown" }) {
            throw GuestParseError(line: 0, "netdiag does not understand \(unknown.values.joined(separator: " ")) (the guest rules would call the chain undecidable)")
        }
        let t = try tableIndex(table, in: ruleset)
        var command = words
        if let position {
            // `-I CHAIN N rule…` inserts at N; the command checks N against the chain's length.
            command = [ShellWords.Word(text: "-I"), words[1], ShellWords.Word(text: String(position))] + words.dropFirst(2)
        }
        do {
            _ = try IptablesCommand.apply(command, line: 0, text: line, to: &ruleset.tables[t])
        } catch {
            throw GuestParseError(line: 0, error.reason)
        }
    }

    /// Removes the first rule of `table` whose line is `line` (blanks and a `[packets:bytes]`
    /// counter prefix aside), as `iptables -D` removes the first match.
    public static func removeIptables(_ line: String, table: String, from ruleset: inout IptablesRuleset) throws(GuestParseError) {
        let t = try tableIndex(table, in: ruleset)
        let wanted = normalized(line)
        for c in ruleset.tables[t].chains.indices {
            if let r = ruleset.tables[t].chains[c].rules.firstIndex(where: { normalized($0.text) == wanted }) {
                ruleset.tables[t].chains[c].rules.remove(at: r)
                return
            }
        }
        throw GuestParseError(line: 0, "no rule of table \(table) is the line \(wanted)")
    }

    /// Adds one `{"rule": {family, table, chain, expr}}` object to its chain (which must exist)
    /// at the 1-based `position` (default: last). A missing handle gets the next free one.
    public static func addNft(_ line: String, position: Int?, to ruleset: inout NftRuleset) throws(GuestParseError) {
        guard var item = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
              item.count == 1, var rule = item["rule"] as? [String: Any] else {
            throw GuestParseError(line: 0, "expected one nft -j rule object: {\"rule\": {\"family\": …, \"table\": …, \"chain\": …, \"expr\": […]}}")
        }
        let handles = ruleset.tables.flatMap { $0.chains.flatMap { $0.rules.map(\.handle) } }
        if rule["handle"] == nil { rule["handle"] = (handles.max() ?? 0) + 1 }
        item["rule"] = rule
        guard let data = try? JSONSerialization.data(withJSONObject: ["nftables": [item]]) else {
            throw GuestParseError(line: 0, "the rule object cannot be written back as JSON")
        }
        let parsed = try NftJSONParser.parse(data)
        guard let table = parsed.tables.first, let chain = table.chains.first, let new = chain.rules.first else {
            throw GuestParseError(line: 0, "the rule object holds no rule")
        }
        guard let t = ruleset.tables.firstIndex(where: { $0.family == table.family && $0.name == table.name }) else {
            throw GuestParseError(line: 0, "the ruleset has no table \(table.family) \(table.name)")
        }
        guard let c = ruleset.tables[t].chains.firstIndex(where: { $0.name == chain.name }) else {
            throw GuestParseError(line: 0, "table \(table.family) \(table.name) has no chain \(chain.name)")
        }
        let count = ruleset.tables[t].chains[c].rules.count
        let at = position ?? count + 1
        guard (1...count + 1).contains(at) else {
            throw GuestParseError(line: 0, "position \(at) is outside 1–\(count + 1) (chain \(chain.name) has \(count) rules)")
        }
        ruleset.tables[t].chains[c].rules.insert(new, at: at - 1)
    }

    /// Removes the nft rule `handle N`, or the first whose rendering (as evidence shows it) is `line`.
    public static func removeNft(_ line: String, from ruleset: inout NftRuleset) throws(GuestParseError) {
        let wanted = normalized(line)
        let handle = wanted.hasPrefix("handle ") ? Int(wanted.dropFirst("handle ".count)) : nil
        for t in ruleset.tables.indices {
            for c in ruleset.tables[t].chains.indices {
                let rules = ruleset.tables[t].chains[c].rules
                if let r = rules.firstIndex(where: { rule in handle.map { rule.handle == $0 } ?? (normalized(rule.text) == wanted) }) {
                    ruleset.tables[t].chains[c].rules.remove(at: r)
                    return
                }
            }
        }
        throw GuestParseError(line: 0, "no nft rule is \(wanted)")
    }

    /// Adds the rules of one netsh rule block (`Rule Name: …`, `Enabled: …`, `Direction: …`, …).
    public static func addWindows(_ block: String, to firewall: inout WindowsFirewall) throws(GuestParseError) {
        let parsed = try NetshFirewallParser.parse(block)
        guard !parsed.rules.isEmpty else { throw GuestParseError(line: 0, "expected a rule block starting with Rule Name:") }
        firewall.rules += parsed.rules
    }

    /// Removes every rule named `name` (`Rule Name: X` or `X`), as `netsh … delete rule name=X` does.
    public static func removeWindows(_ name: String, from firewall: inout WindowsFirewall) throws(GuestParseError) {
        var wanted = normalized(name)
        if wanted.hasPrefix("Rule Name:") { wanted = normalized(String(wanted.dropFirst("Rule Name:".count))) }
        let before = firewall.rules.count
        firewall.rules.removeAll { $0.name == wanted }
        if firewall.rules.count == before { throw GuestParseError(line: 0, "no Windows Firewall rule is named \(wanted)") }
    }

    private static func iptablesWords(_ line: String) throws(GuestParseError) -> [ShellWords.Word] {
        guard !line.contains("\n") else { throw GuestParseError(line: 0, "one line expected, got several") }
        do { return try ShellWords.split(Substring(line)) } catch {
            throw GuestParseError(line: 0, "unterminated quote")
        }
    }

    private static func tableIndex(_ name: String, in ruleset: IptablesRuleset) throws(GuestParseError) -> Int {
        guard let t = ruleset.tables.firstIndex(where: { $0.name == name }) else {
            throw GuestParseError(line: 0, "the ruleset has no table \(name) (it has \(ruleset.tables.map(\.name).joined(separator: ", ")))")
        }
        return t
    }

    /// The line with runs of blanks as one space, without an iptables-save `[packets:bytes]` prefix.
    static func normalized(_ line: String) -> String {
        var s = Substring(line).drop(while: { $0 == " " || $0 == "\t" })
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") { s = s[s.index(after: close)...] }
        return s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
