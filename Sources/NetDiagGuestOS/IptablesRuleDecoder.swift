import NetDiagModel

/// Decodes the words of one `-A CHAIN …` line (after the chain name) into matches and a target.
/// Options that decide filtering get named fields; every other match option is kept as an
/// `unknown` match with its text so an evaluator can stay conservative instead of guessing.
struct IptablesRuleDecoder {
    struct Decoded {
        var matches: [IptablesMatch] = []
        var target: String?
        var isGoto = false
    }

    struct Failure: Error { var reason: String }

    /// Single-value options, by every spelling iptables accepts, and the field they fill.
    private static let valueFields: [String: String] = [
        "-p": "protocol", "--protocol": "protocol",
        "-s": "source", "--source": "source", "--src": "source",
        "-d": "destination", "--destination": "destination", "--dst": "destination",
        "-i": "in-interface", "--in-interface": "in-interface",
        "-o": "out-interface", "--out-interface": "out-interface",
        "--dport": "dport", "--destination-port": "dport",
        "--sport": "sport", "--source-port": "sport",
        "--src-range": "src-range", "--dst-range": "dst-range",
    ]
    /// Comma-separated list options.
    private static let listFields: [String: String] = [
        "--dports": "dport", "--destination-ports": "dport",
        "--sports": "sport", "--source-ports": "sport",
        // Either port: no single field says it, see docs/guest-os.md.
        "--ports": "port",
        "--state": "state", "--ctstate": "state",
    ]
    /// Modules whose name alone adds no condition beyond the options decoded above
    /// (`-m tcp` only enables `--dport`; `-p tcp` is the real condition).
    private static let knownModules: Set<String> = [
        "tcp", "udp", "sctp", "udplite", "dccp", "multiport", "state", "conntrack", "iprange", "set",
    ]

    private var words: [String]
    private var index = 0
    private var result = Decoded()
    private var negateNext = false
    /// An unknown module (`-m limit`) whose options have not been seen yet.
    private var pendingModule: String?
    private var module: String?
    private var sawTarget = false

    init(words: [String]) { self.words = words }

    mutating func decode() throws(Failure) -> Decoded {
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "!" {
                if negateNext { throw Failure(reason: "double '!'") }
                negateNext = true
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                throw Failure(reason: "unexpected word '\(word)'")
            }
            try option(word)
        }
        if negateNext { throw Failure(reason: "'!' at the end of the rule") }
        flushPendingModule()
        return result
    }

    private mutating func option(_ word: String) throws(Failure) {
        if word == "-m" || word == "--match" {
            flushPendingModule()
            let name = try value(for: word)
            module = name
            if name != "comment" && !Self.knownModules.contains(name) { pendingModule = name }
            return
        }
        if word == "-j" || word == "--jump" || word == "-g" || word == "--goto" {
            if sawTarget { throw Failure(reason: "more than one target") }
            flushPendingModule()
            result.target = try value(for: word)
            result.isGoto = word == "-g" || word == "--goto"
            sawTarget = true
            module = nil
            return
        }
        if word == "-c" || word == "--set-counters" {
            // iptables-restore's inline counters: two numbers, no condition.
            _ = try value(for: word); _ = try value(for: word)
            return
        }
        if let field = Self.valueFields[word] {
            append(field, [try value(for: word)])
            return
        }
        if let field = Self.listFields[word] {
            let list = try value(for: word).split(separator: ",").map(String.init)
            append(field, list)
            return
        }
        if word == "--match-set" || (word == "--set" && module == "set") {
            let name = try value(for: word)
            let direction = try value(for: word)
            append("set", [name, direction])
            return
        }
        if word == "--comment" && module == "comment" {
            // A comment never changes which packets match.
            _ = try value(for: word)
            negateNext = false
            return
        }
        let args = takeLooseArguments()
        if sawTarget {
            // Target options (`--reject-with`, `--log-prefix "…"`, `--to-destination`) do not filter.
            negateNext = false
            return
        }
        var text = ([word] + args.map(ShellWords.quoted)).joined(separator: " ")
        if let pending = pendingModule {
            text = "-m \(pending) " + text
            pendingModule = nil
        }
        append("unknown", [text])
    }

    /// The value of an option; a leading `!` is the old `--dport ! 22` negation form.
    private mutating func value(for option: String) throws(Failure) -> String {
        if index < words.count && words[index] == "!" && index + 1 < words.count {
            if negateNext { throw Failure(reason: "double '!'") }
            negateNext = true
            index += 1
        }
        guard index < words.count else { throw Failure(reason: "\(option) needs a value") }
        defer { index += 1 }
        return words[index]
    }

    /// Arguments of an option whose arity is unknown: the words up to the next option.
    private mutating func takeLooseArguments() -> [String] {
        var args: [String] = []
        while index < words.count {
            let word = words[index]
            if word == "!" {
                // `--icmp-type ! 8` (old form) negates this option; `! --x` belongs to the next one.
                if index + 1 < words.count, !words[index + 1].hasPrefix("-") {
                    negateNext = true
                    index += 1
                    continue
                }
                break
            }
            if word.hasPrefix("-") && word.count > 1 && !isNumber(word) { break }
            args.append(word)
            index += 1
        }
        return args
    }

    private func isNumber(_ word: String) -> Bool { Int(word) != nil }

    private mutating func append(_ field: String, _ values: [String]) {
        result.matches.append(IptablesMatch(field: field, negated: negateNext, values: values))
        negateNext = false
    }

    /// An unknown module with no options of its own still conditions the rule.
    private mutating func flushPendingModule() {
        if let pending = pendingModule {
            result.matches.append(IptablesMatch(field: "unknown", values: ["-m \(pending)"]))
            pendingModule = nil
        }
    }
}
