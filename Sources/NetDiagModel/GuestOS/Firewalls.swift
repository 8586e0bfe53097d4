/// An `iptables-save` dump: tables, their chains and rules in order.
public struct IptablesRuleset: Codable, Hashable, Sendable {
    public var tables: [IptablesTable]
    /// Lines the parser could not interpret, with their line numbers.
    public var unparsed: [SourceLine] = []

    public init(tables: [IptablesTable], unparsed: [SourceLine] = []) {
        self.tables = tables; self.unparsed = unparsed
    }
}

public struct IptablesTable: Codable, Hashable, Sendable {
    public var name: String
    public var chains: [IptablesChain]

    public init(name: String, chains: [IptablesChain]) { self.name = name; self.chains = chains }
}

public struct IptablesChain: Codable, Hashable, Sendable {
    public var name: String
    /// `ACCEPT` or `DROP` for built-in chains; nil for user chains.
    public var policy: String?
    public var rules: [IptablesRule] = []

    public init(name: String, policy: String?, rules: [IptablesRule] = []) {
        self.name = name; self.policy = policy; self.rules = rules
    }
}

/// One `-A CHAIN …` line, its matches decoded.
public struct IptablesRule: Codable, Hashable, Sendable {
    public var line: Int
    public var text: String
    public var matches: [IptablesMatch] = []
    /// `ACCEPT`, `DROP`, `REJECT`, `RETURN`, `LOG`, a user chain, …; nil when the rule has no target.
    public var target: String?
    /// True for `-g` (goto) rather than `-j` (jump).
    public var isGoto: Bool = false
    /// Target options that say where the packet goes: `--to-destination` (DNAT), `--to-ports` (REDIRECT).
    public var targetOptions: [String: String] = [:]

    public init(line: Int, text: String, matches: [IptablesMatch] = [], target: String?, isGoto: Bool = false,
                targetOptions: [String: String] = [:]) {
        self.line = line; self.text = text; self.matches = matches; self.target = target; self.isGoto = isGoto
        self.targetOptions = targetOptions
    }
}

/// One match of a rule: `field` is `protocol`, `source`, `destination`, `in-interface`,
/// `out-interface`, `dport`, `sport`, `port` (`-m multiport --ports`: source or destination port),
/// `state`, `src-range`, `dst-range`, `set`, or `unknown`.
public struct IptablesMatch: Codable, Hashable, Sendable {
    public var field: String
    public var negated: Bool = false
    /// Values, as written: addresses and blocks, ports and `a:b` ranges, states, interface names.
    public var values: [String]

    public init(field: String, negated: Bool = false, values: [String]) {
        self.field = field; self.negated = negated; self.values = values
    }
}

/// A line of an input file, kept for warnings that name it. For an iptables line not understood,
/// where it sits: its `table` (nil: outside any table), its `chain` (nil: unknown, so the whole
/// table is in doubt) and `position`, the number of the chain's rules before it (nil: anywhere).
public struct SourceLine: Codable, Hashable, Sendable {
    public var line: Int
    public var text: String
    public var reason: String = ""
    public var table: String?
    public var chain: String?
    public var position: Int?

    public init(line: Int, text: String, reason: String = "", table: String? = nil, chain: String? = nil,
                position: Int? = nil) {
        self.line = line; self.text = text; self.reason = reason
        self.table = table; self.chain = chain; self.position = position
    }
}

extension IptablesRuleset {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tables = try c.decode([IptablesTable].self, forKey: .tables)
        unparsed = try c.decodeIfPresent([SourceLine].self, forKey: .unparsed) ?? []
    }
}

extension IptablesTable {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        chains = try c.decode([IptablesChain].self, forKey: .chains)
    }
}

extension IptablesChain {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        rules = try c.decodeIfPresent([IptablesRule].self, forKey: .rules) ?? []
    }
}

extension IptablesRule {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        line = try c.decode(Int.self, forKey: .line)
        text = try c.decode(String.self, forKey: .text)
        matches = try c.decodeIfPresent([IptablesMatch].self, forKey: .matches) ?? []
        target = try c.decodeIfPresent(String.self, forKey: .target)
        isGoto = try c.decodeIfPresent(Bool.self, forKey: .isGoto) ?? false
        targetOptions = try c.decodeIfPresent([String: String].self, forKey: .targetOptions) ?? [:]
    }
}

extension IptablesMatch {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decode(String.self, forKey: .field)
        negated = try c.decodeIfPresent(Bool.self, forKey: .negated) ?? false
        values = try c.decode([String].self, forKey: .values)
    }
}

extension SourceLine {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        line = try c.decode(Int.self, forKey: .line)
        text = try c.decode(String.self, forKey: .text)
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        table = try c.decodeIfPresent(String.self, forKey: .table)
        chain = try c.decodeIfPresent(String.self, forKey: .chain)
        position = try c.decodeIfPresent(Int.self, forKey: .position)
    }
}
