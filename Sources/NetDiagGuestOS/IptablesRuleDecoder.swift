import NetDiagModel

/// Decodes the words of one `-A CHAIN …` line (after the chain name) into matches and a target.
/// Options that decide filtering get named fields; every other match option is kept as an
/// `unknown` match with its text so an evaluator can stay conservative instead of guessing.
struct IptablesRuleDecoder {
    struct Decoded {
        var matches: [IptablesMatch] = []
        var target: String?
        var isGoto = false
        var targetOptions: [String: String] = [:]
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
        "--icmp-type": "icmp-type", "--icmpv6-type": "icmp-type",
        "--ctproto": "ctproto", "--ctorigdstport": "ctorigdstport", "--ctorigdst": "ctorigdst",
    ]
    /// Comma-separated list options.
    private static let listFields: [String: String] = [
        "--dports": "dport", "--destination-ports": "dport",
        "--sports": "sport", "--source-ports": "sport",
        // Either port: no single field says it, see docs/guest-os.md.
        "--ports": "port",
        "--state": "state", "--ctstate": "state", "--ctstatus": "ctstatus",
    ]
    /// Target options that change where a packet goes (nat DNAT / REDIRECT), kept by name.
    private static let keptTargetOptions: Set<String> = ["--to-destination", "--to-ports", "--to"]
    /// Modules whose name alone adds no condition beyond the options decoded above
    /// (`-m tcp` only enables `--dport`; `-p tcp` is the real condition).
    private static let knownModules: Set<String> = [
        "tcp", "udp", "sctp", "udplite", "dccp", "multiport", "state", "conntrack", "iprange", "set",
        "icmp", "icmp6",
    ]

    private var words: [ShellWords.Word]
    private var index = 0
    private var result = Decoded()
    private var negateNext = false
    /// An unknown module (`-m limit`) whose options have not been seen yet.
    private var pendingModule: String?
    private var module: String?
    private var sawTarget = false

    init(words: [ShellWords.Word]) { self.words = words }

    /// iptables' negation: a bare `!`, not a quoted one.
    private func isBang(_ i: Int) -> Bool { i < words.count && words[i].text == "!" && !words[i].quoted }

    /// An option word: bare and starting with `-` (a quoted `"-x"` is a value).
    private func isOption(_ word: ShellWords.Word) -> Bool {
        !word.quoted && word.text.hasPrefix("-") && word.text.count > 1 && Int(word.text) == nil
    }

    mutating func decode() throws(Failure) -> Decoded {
        while index < words.count {
            let word = words[index]
            if isBang(index) {
                index += 1
                if negateNext { throw Failure(reason: "double '!'") }
                negateNext = true
                continue
            }
            index += 1
            guard !word.quoted, word.text.hasPrefix("-"), word.text.count > 1 else {
                throw Failure(reason: "unexpected word '\(word.text)'")
            }
            try option(word.text)
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
            // A comment never changes which packets match; its text is taken as is (`"!"` too).
            guard index < words.count else { throw Failure(reason: "--comment needs a value") }
            index += 1
            return
        }
        let args = takeLooseArguments()
        if sawTarget {
            // Target options (`--reject-with`, `--log-prefix "…"`) do not filter; the nat ones
            // (`--to-destination`, `--to-ports`) say where the packet goes.
            if Self.keptTargetOptions.contains(word) {
                guard let first = args.first else { throw Failure(reason: "\(word) needs a value") }
                result.targetOptions[word == "--to" ? "--to-destination" : word] = first
            }
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
        if isBang(index) && index + 1 < words.count {
            if negateNext { throw Failure(reason: "double '!'") }
            negateNext = true
            index += 1
        }
        guard index < words.count else { throw Failure(reason: "\(option) needs a value") }
        defer { index += 1 }
        return words[index].text
    }

    /// Arguments of an option whose arity is unknown: the words up to the next option.
    private mutating func takeLooseArguments() -> [String] {
        var args: [String] = []
        while index < words.count {
            let word = words[index]
            if isBang(index) {
                // `--x ! 8` (old form) negates this option; `! --x` belongs to the next one.
                if index + 1 < words.count, !isOption(words[index + 1]) {
                    negateNext = true
                    index += 1
                    continue
                }
                break
            }
            if isOption(word) { break }
            args.append(word.text)
            index += 1
        }
        return args
    }

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
