/// An `nft -j list ruleset` dump, reduced to what filtering decisions need.
public struct NftRuleset: Codable, Hashable, Sendable {
    public var tables: [NftTable]

    public init(tables: [NftTable]) { self.tables = tables }
}

public struct NftTable: Codable, Hashable, Sendable {
    /// `ip`, `ip6`, `inet`, `arp`, `bridge`, `netdev`.
    public var family: String
    public var name: String
    public var chains: [NftChain] = []
    /// Named sets: name → elements as text (`10.0.0.0/8`, `22`, `1000-2000`).
    public var sets: [String: [String]] = [:]

    public init(family: String, name: String, chains: [NftChain] = [], sets: [String: [String]] = [:]) {
        self.family = family; self.name = name; self.chains = chains; self.sets = sets
    }
}

public struct NftChain: Codable, Hashable, Sendable {
    public var name: String
    /// For base chains: `input`, `output`, `forward`, …; nil for regular chains.
    public var hook: String?
    public var priority: Int?
    /// `accept` or `drop` for base chains.
    public var policy: String?
    /// For base chains: `filter`, `nat` or `route`.
    public var type: String?
    public var rules: [NftRule] = []

    public init(name: String, hook: String? = nil, priority: Int? = nil, policy: String? = nil,
                type: String? = nil, rules: [NftRule] = []) {
        self.name = name; self.hook = hook; self.priority = priority; self.policy = policy; self.type = type
        self.rules = rules
    }
}

public struct NftRule: Codable, Hashable, Sendable {
    public var handle: Int
    /// A readable rendering of the rule, for evidence.
    public var text: String
    public var matches: [NftMatch] = []
    /// `accept`, `drop`, `reject`, `jump`, `goto`, `return`, `continue`, `dnat`, `redirect`, `unknown` (a
    /// statement that ends the chain with an outcome decided elsewhere: `queue`, an `xt` target; named in
    /// `target`), or nil (no verdict).
    public var verdict: String?
    /// The chain for `jump` and `goto`.
    public var target: String?
    /// For `dnat` / `redirect`: `address` and `port` (`8080`, `8000-8010`) when given.
    public var nat: [String: String] = [:]
    /// A verdict map (`ct state vmap { established : accept, invalid : drop }`): the verdict is the
    /// first element whose values match the field; no element matching means no verdict.
    public var vmap: NftVerdictMap?

    public init(handle: Int, text: String, matches: [NftMatch] = [], verdict: String?, target: String? = nil,
                nat: [String: String] = [:], vmap: NftVerdictMap? = nil) {
        self.handle = handle; self.text = text; self.matches = matches; self.verdict = verdict
        self.target = target; self.nat = nat; self.vmap = vmap
    }
}

/// An anonymous verdict map keyed by one field (`ct state`, `tcp dport`, …).
public struct NftVerdictMap: Codable, Hashable, Sendable {
    public var field: String
    public var elements: [NftMapElement]

    public init(field: String, elements: [NftMapElement]) { self.field = field; self.elements = elements }
}

/// One `values : verdict` element of a verdict map; `target` for `jump` / `goto`.
public struct NftMapElement: Codable, Hashable, Sendable {
    public var values: [String]
    public var verdict: String
    public var target: String?

    public init(values: [String], verdict: String, target: String? = nil) {
        self.values = values; self.verdict = verdict; self.target = target
    }
}

/// One comparison: `field` is `ip saddr`, `ip daddr`, `ip6 saddr`, `ip6 daddr`, `tcp dport`,
/// `tcp sport`, `udp dport`, `udp sport`, `th dport`, `th sport`, `meta l4proto`, `ct state`,
/// `iifname`, `oifname`, or `unknown`. Values are literals, `a-b` ranges, blocks, or `@set`.
public struct NftMatch: Codable, Hashable, Sendable {
    public var field: String
    /// `==` or `!=`.
    public var op: String = "=="
    public var values: [String]

    public init(field: String, op: String = "==", values: [String]) {
        self.field = field; self.op = op; self.values = values
    }
}

/// Windows Defender Firewall: profiles and rules (`netsh advfirewall`).
public struct WindowsFirewall: Codable, Hashable, Sendable {
    /// Profile name (`Domain`, `Private`, `Public`) → on.
    public var profiles: [String: Bool]
    /// The default inbound and outbound actions (`Block`/`Allow`) of the active profile.
    public var defaultInbound: String = "Block"
    public var defaultOutbound: String = "Allow"
    public var rules: [WindowsFirewallRule] = []

    public init(profiles: [String: Bool], defaultInbound: String = "Block", defaultOutbound: String = "Allow",
                rules: [WindowsFirewallRule] = []) {
        self.profiles = profiles; self.defaultInbound = defaultInbound
        self.defaultOutbound = defaultOutbound; self.rules = rules
    }
}

public struct WindowsFirewallRule: Codable, Hashable, Sendable {
    public var name: String
    public var enabled: Bool
    /// `In` or `Out`.
    public var direction: String
    /// `Allow` or `Block`.
    public var action: String
    /// `TCP`, `UDP`, `ICMPv4`, `Any`, …
    public var `protocol`: String
    /// `Any`, or a list like `80,443,1000-2000`.
    public var localPort: String = "Any"
    public var remoteAddress: String = "Any"
    public var profiles: String = "Any"

    public init(name: String, enabled: Bool, direction: String, action: String, protocol: String,
                localPort: String = "Any", remoteAddress: String = "Any", profiles: String = "Any") {
        self.name = name; self.enabled = enabled; self.direction = direction; self.action = action
        self.protocol = `protocol`; self.localPort = localPort; self.remoteAddress = remoteAddress
        self.profiles = profiles
    }
}

extension NftRuleset {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tables = try c.decode([NftTable].self, forKey: .tables)
    }
}

extension NftTable {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        family = try c.decode(String.self, forKey: .family)
        name = try c.decode(String.self, forKey: .name)
        chains = try c.decodeIfPresent([NftChain].self, forKey: .chains) ?? []
        sets = try c.decodeIfPresent([String: [String]].self, forKey: .sets) ?? [:]
    }
}

extension NftChain {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        hook = try c.decodeIfPresent(String.self, forKey: .hook)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        rules = try c.decodeIfPresent([NftRule].self, forKey: .rules) ?? []
    }
}

extension NftRule {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        handle = try c.decode(Int.self, forKey: .handle)
        text = try c.decode(String.self, forKey: .text)
        matches = try c.decodeIfPresent([NftMatch].self, forKey: .matches) ?? []
        verdict = try c.decodeIfPresent(String.self, forKey: .verdict)
        target = try c.decodeIfPresent(String.self, forKey: .target)
        nat = try c.decodeIfPresent([String: String].self, forKey: .nat) ?? [:]
        vmap = try c.decodeIfPresent(NftVerdictMap.self, forKey: .vmap)
    }
}

extension NftMatch {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decode(String.self, forKey: .field)
        op = try c.decodeIfPresent(String.self, forKey: .op) ?? "=="
        values = try c.decode([String].self, forKey: .values)
    }
}

extension WindowsFirewall {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        profiles = try c.decode([String: Bool].self, forKey: .profiles)
        defaultInbound = try c.decodeIfPresent(String.self, forKey: .defaultInbound) ?? "Block"
        defaultOutbound = try c.decodeIfPresent(String.self, forKey: .defaultOutbound) ?? "Allow"
        rules = try c.decodeIfPresent([WindowsFirewallRule].self, forKey: .rules) ?? []
    }
}

extension WindowsFirewallRule {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        enabled = try c.decode(Bool.self, forKey: .enabled)
        direction = try c.decode(String.self, forKey: .direction)
        action = try c.decode(String.self, forKey: .action)
        `protocol` = try c.decode(String.self, forKey: .`protocol`)
        localPort = try c.decodeIfPresent(String.self, forKey: .localPort) ?? "Any"
        remoteAddress = try c.decodeIfPresent(String.self, forKey: .remoteAddress) ?? "Any"
        profiles = try c.decodeIfPresent(String.self, forKey: .profiles) ?? "Any"
    }
}
