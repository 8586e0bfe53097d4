import NetDiagModel

/// Applies one iptables-restore command inside a `*table … COMMIT` block to that table, as
/// iptables-restore does: `-A`, `-I`, `-R`, `-D`, `-N`, `-X`, `-F`, `-Z`, `-P`, `-E` (and their
/// long forms). `iptables-save` writes only `:CHAIN` and `-A` lines, but rule files written by
/// hand and loaded with `iptables-restore` use the others.
enum IptablesCommand {
    struct Rejected: Error {
        var reason: String
        /// The chain the line was about, when known; nil leaves the whole table in doubt.
        var chain: String?
        /// True when the line would have added a rule at the chain's end (a readable position).
        var appending = false
    }

    /// What a command did to the order of a chain's rules besides appending: the name of that
    /// chain, `*` for every chain of the table, nil when it only appended or changed no rule.
    typealias Reordered = String?

    static func apply(_ words: [ShellWords.Word], line: Int, text: String,
                      to table: inout IptablesTable) throws(Rejected) -> Reordered {
        let verb = words[0].text
        let args = words.dropFirst().map(\.text)
        let chainName = args.first
        func chainIndex(_ name: String?) throws(Rejected) -> Int {
            guard let name else { throw Rejected(reason: "\(verb) without a chain") }
            guard let index = table.chains.firstIndex(where: { $0.name == name }) else {
                throw Rejected(reason: "chain \(name) is not declared in table \(table.name)", chain: name,
                               appending: verb == "-A" || verb == "--append")
            }
            return index
        }
        /// The rule number at `args[1]` when it is a bare number, within `range`.
        func ruleNumber(in range: ClosedRange<Int>) throws(Rejected) -> Int? {
            guard words.count > 2, !words[2].quoted, let n = Int(words[2].text) else { return nil }
            guard range.contains(n) else {
                throw Rejected(reason: "rule number \(n) out of range \(range.lowerBound)–\(range.upperBound)", chain: chainName)
            }
            return n
        }
        func decodeRule(from start: Int) throws(Rejected) -> IptablesRule {
            var decoder = IptablesRuleDecoder(words: Array(words.dropFirst(start)))
            do {
                let d = try decoder.decode()
                return IptablesRule(line: line, text: text, matches: d.matches, target: d.target, isGoto: d.isGoto,
                                    targetOptions: d.targetOptions)
            } catch {
                throw Rejected(reason: error.reason, chain: chainName, appending: verb == "-A" || verb == "--append")
            }
        }

        switch verb {
        case "-A", "--append":
            let c = try chainIndex(chainName)
            table.chains[c].rules.append(try decodeRule(from: 2))
            return nil
        case "-I", "--insert":
            let c = try chainIndex(chainName)
            let n = try ruleNumber(in: 1...(table.chains[c].rules.count + 1))
            table.chains[c].rules.insert(try decodeRule(from: n == nil ? 2 : 3), at: (n ?? 1) - 1)
            return chainName
        case "-R", "--replace":
            let c = try chainIndex(chainName)
            guard let n = try ruleNumber(in: 1...max(1, table.chains[c].rules.count)),
                  n <= table.chains[c].rules.count else {
                throw Rejected(reason: "-R needs the number of an existing rule", chain: chainName)
            }
            table.chains[c].rules[n - 1] = try decodeRule(from: 3)
            return chainName
        case "-D", "--delete":
            let c = try chainIndex(chainName)
            if let n = try ruleNumber(in: 1...max(1, table.chains[c].rules.count)), n <= table.chains[c].rules.count {
                table.chains[c].rules.remove(at: n - 1)
                return chainName
            }
            let spec = try decodeRule(from: 2)
            guard let i = table.chains[c].rules.firstIndex(where: {
                $0.matches == spec.matches && $0.target == spec.target && $0.isGoto == spec.isGoto
                    && $0.targetOptions == spec.targetOptions
            }) else {
                throw Rejected(reason: "-D: no such rule in chain \(table.chains[c].name)", chain: chainName)
            }
            table.chains[c].rules.remove(at: i)
            return chainName
        case "-N", "--new-chain":
            guard args.count == 1, let name = chainName else { throw Rejected(reason: "-N needs exactly one chain name") }
            if !table.chains.contains(where: { $0.name == name }) {
                table.chains.append(IptablesChain(name: name, policy: nil))
            }
            return nil
        case "-F", "--flush", "-Z", "--zero":
            let flush = verb == "-F" || verb == "--flush"
            if let name = chainName {
                let c = try chainIndex(name)
                if flush { table.chains[c].rules = [] }
                return flush ? name : nil
            }
            if flush { for c in table.chains.indices { table.chains[c].rules = [] } }
            return flush ? "*" : nil
        case "-X", "--delete-chain":
            let doomed = try chainName.map { name throws(Rejected) in [try chainIndex(name)] }
                ?? table.chains.indices.filter { table.chains[$0].policy == nil }
            for c in doomed {
                let chain = table.chains[c]
                if chain.policy != nil { throw Rejected(reason: "-X: \(chain.name) is a built-in chain", chain: chain.name) }
                if !chain.rules.isEmpty { throw Rejected(reason: "-X: chain \(chain.name) is not empty", chain: chain.name) }
            }
            let names = Set(doomed.map { table.chains[$0].name })
            let referenced = table.chains.filter { !names.contains($0.name) }
                .flatMap(\.rules).compactMap(\.target).first(where: names.contains)
            if let referenced { throw Rejected(reason: "-X: chain \(referenced) is still referenced", chain: referenced) }
            table.chains.removeAll { names.contains($0.name) }
            return nil
        case "-P", "--policy":
            guard args.count == 2 else { throw Rejected(reason: "-P needs a chain and a policy", chain: chainName) }
            let c = try chainIndex(chainName)
            guard table.chains[c].policy != nil else {
                throw Rejected(reason: "-P: \(args[0]) is not a built-in chain", chain: chainName)
            }
            guard ["ACCEPT", "DROP"].contains(args[1]) else {
                throw Rejected(reason: "-P: unknown policy \(args[1])", chain: chainName)
            }
            table.chains[c].policy = args[1]
            return nil
        case "-E", "--rename-chain":
            guard args.count == 2 else { throw Rejected(reason: "-E needs the old and the new chain name", chain: chainName) }
            let c = try chainIndex(chainName)
            guard table.chains[c].policy == nil else { throw Rejected(reason: "-E: \(args[0]) is a built-in chain", chain: chainName) }
            guard !table.chains.contains(where: { $0.name == args[1] }) else {
                throw Rejected(reason: "-E: chain \(args[1]) already exists", chain: chainName)
            }
            table.chains[c].name = args[1]
            for i in table.chains.indices {
                for r in table.chains[i].rules.indices where table.chains[i].rules[r].target == args[0] {
                    table.chains[i].rules[r].target = args[1]
                }
            }
            return nil
        default:
            throw Rejected(reason: "not an iptables-restore command (*table, :CHAIN, -A, -I, -R, -D, -N, -X, -F, -Z, -P, -E, COMMIT)")
        }
    }
}
