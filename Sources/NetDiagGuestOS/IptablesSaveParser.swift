import NetDiagModel

/// Parses `iptables-save` / `ip6tables-save` output (also `-c` counters) and iptables-restore
/// input (`-I`, `-D`, `-F`, … lines: `IptablesCommand`) into an `IptablesRuleset`.
///
/// Lines it cannot interpret are kept in `unparsed` with their line number, a reason and where
/// they sit (table, chain, position), never dropped: a rule that is missing from the model could
/// hide the very drop being diagnosed, so the rules treat such a line as undecidable.
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
                                                         reason: "table not closed by COMMIT",
                                                         table: tables[open.index].name)) }
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
                if let reason = chainLine(line.dropFirst(), table: table) {
                    let chain = line.dropFirst().split(separator: " ").first.map(String.init)
                    unparsed.append(SourceLine(line: lineNumber, text: text, reason: reason,
                                               table: tables[table].name, chain: chain))
                }
                return
            }
            var body = line
            // `iptables-save -c` puts `[packets:bytes]` before each rule.
            if body.hasPrefix("["), let close = body.firstIndex(of: "]") {
                body = body[body.index(after: close)...].drop(while: { $0 == " " })
            }
            let name = tables[table].name
            /// Where an unreadable line sits: its chain, and its position when it only appends.
            func place(_ chain: String?, appending: Bool) -> (String?, Int?) {
                guard let chain, let c = tables[table].chains.first(where: { $0.name == chain }) else { return (chain, nil) }
                return (chain, appending ? c.rules.count : nil)
            }
            let words: [ShellWords.Word]
            do { words = try ShellWords.split(body) } catch {
                // The verb and chain come before any quote on real lines: they still say where it sits.
                let plain = body.split(separator: " ").map(String.init)
                let chain = plain.count > 1 && ["-A", "-I", "--append", "--insert"].contains(plain[0]) ? plain[1] : nil
                let (c, position) = place(chain, appending: plain.first == "-A" || plain.first == "--append")
                return unparsed.append(SourceLine(line: lineNumber, text: text, reason: "unterminated quote",
                                                  table: name, chain: c, position: position))
            }
            guard !words.isEmpty else { return reject("empty rule") }
            do {
                if let reordered = try IptablesCommand.apply(words, line: lineNumber, text: text, to: &tables[table]) {
                    // Earlier unreadable lines of a chain whose rules moved no longer have a known place.
                    for i in unparsed.indices where unparsed[i].table == name
                        && (reordered == "*" || unparsed[i].chain == reordered) {
                        unparsed[i].position = nil
                    }
                }
            } catch {
                let (c, position) = place(error.chain, appending: error.appending)
                unparsed.append(SourceLine(line: lineNumber, text: text, reason: error.reason, table: name,
                                           chain: c, position: position))
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
                unparsed.append(SourceLine(line: open.line, text: open.text, reason: "table not closed by COMMIT",
                                           table: tables[open.index].name))
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
