import NetDiagModel

/// Parses `iptables-save` / `ip6tables-save` output (also `-c` counters) into an `IptablesRuleset`.
///
/// Lines it cannot interpret are kept in `unparsed` with their line number and a reason, never
/// dropped: a rule that is missing from the model could hide the very drop being diagnosed.
public enum IptablesSaveParser {
    /// Parses the whole text. Throws only when the text holds lines but not a single table,
    /// i.e. it is not `iptables-save` output at all.
    public static func parse(_ text: String) throws -> IptablesRuleset {
        var state = State()
        for (offset, rawLine) in text.lines.enumerated() {
            state.consume(lineNumber: offset + 1, raw: rawLine)
        }
        state.finish()
        if state.tables.isEmpty, let first = state.unparsed.first {
            throw GuestParseError(line: first.line, "not iptables-save output: \(first.reason)")
        }
        return IptablesRuleset(tables: state.tables, unparsed: state.unparsed)
    }

    private struct State {
        var tables: [IptablesTable] = []
        var unparsed: [SourceLine] = []
        /// Index in `tables` of the table between `*name` and `COMMIT`, and its `*` line.
        var open: (index: Int, line: Int, text: String)?

        mutating func consume(lineNumber: Int, raw: Substring) {
            var rawText = raw
            if rawText.hasSuffix("\r") { rawText = rawText.dropLast() }
            let text = String(rawText)
            let line = rawText.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { return }
            func reject(_ reason: String) {
                unparsed.append(SourceLine(line: lineNumber, text: text, reason: reason))
            }
            if line.hasPrefix("*") {
                if let open { unparsed.append(SourceLine(line: open.line, text: open.text,
                                                         reason: "table not closed by COMMIT")) }
                let name = String(line.dropFirst()).trimmingTrailingBlanks()
                guard !name.isEmpty, !name.contains(" ") else { return reject("bad table line") }
                if let existing = tables.firstIndex(where: { $0.name == name }) {
                    open = (existing, lineNumber, text)
                } else {
                    tables.append(IptablesTable(name: name, chains: []))
                    open = (tables.count - 1, lineNumber, text)
                }
                return
            }
            guard let table = open?.index else { return reject("outside a *table … COMMIT block") }
            if line.trimmingTrailingBlanks() == "COMMIT" {
                open = nil
                return
            }
            if line.hasPrefix(":") {
                if let reason = chainLine(line.dropFirst(), table: table) { reject(reason) }
                return
            }
            var body = line
            // `iptables-save -c` puts `[packets:bytes]` before each rule.
            if body.hasPrefix("["), let close = body.firstIndex(of: "]") {
                body = body[body.index(after: close)...].drop(while: { $0 == " " })
            }
            let words: [String]
            do { words = try ShellWords.split(body) } catch { return reject("unterminated quote") }
            guard let verb = words.first else { return reject("empty rule") }
            switch verb {
            case "-A", "--append":
                guard words.count >= 2 else { return reject("-A without a chain") }
                let chain = words[1]
                guard let chainIndex = tables[table].chains.firstIndex(where: { $0.name == chain }) else {
                    return reject("chain \(chain) is not declared in table \(tables[table].name)")
                }
                var decoder = IptablesRuleDecoder(words: Array(words.dropFirst(2)))
                do {
                    let decoded = try decoder.decode()
                    tables[table].chains[chainIndex].rules.append(IptablesRule(
                        line: lineNumber, text: text, matches: decoded.matches,
                        target: decoded.target, isGoto: decoded.isGoto))
                } catch {
                    reject(error.reason)
                }
            case "-N", "--new-chain":
                guard words.count == 2 else { return reject("-N needs exactly one chain name") }
                if !tables[table].chains.contains(where: { $0.name == words[1] }) {
                    tables[table].chains.append(IptablesChain(name: words[1], policy: nil))
                }
            default:
                reject("only *table, :CHAIN, -A, -N and COMMIT lines are understood")
            }
        }

        /// `:INPUT DROP [0:0]` (built-in) or `:MYSQL-IN - [0:0]` (user chain).
        /// Nil when understood, else the reason it is not.
        private mutating func chainLine(_ rest: Substring, table: Int) -> String? {
            let parts = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 || parts.count == 3 else { return "bad chain line" }
            let name = String(parts[0])
            let policy = parts[1] == "-" ? nil : String(parts[1])
            if let policy, !["ACCEPT", "DROP", "QUEUE", "RETURN"].contains(policy) {
                return "unknown chain policy \(policy)"
            }
            if let existing = tables[table].chains.firstIndex(where: { $0.name == name }) {
                tables[table].chains[existing].policy = policy
            } else {
                tables[table].chains.append(IptablesChain(name: name, policy: policy))
            }
            return nil
        }

        mutating func finish() {
            if let open {
                unparsed.append(SourceLine(line: open.line, text: open.text, reason: "table not closed by COMMIT"))
            }
        }
    }
}

extension StringProtocol {
    func trimmingTrailingBlanks() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
