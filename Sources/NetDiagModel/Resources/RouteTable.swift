/// A route table with its entries.
public struct RouteTable: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable { case system = "System", custom = "Custom" }

    public var id: String
    public var type: Kind
    public var vpcId: String
    /// vSwitches explicitly bound to the table.
    public var vswitchIds: [String] = []
    public var entries: [RouteEntry] = []

    public init(id: String, type: Kind, vpcId: String, vswitchIds: [String] = [], entries: [RouteEntry] = []) {
        self.id = id; self.type = type; self.vpcId = vpcId; self.vswitchIds = vswitchIds; self.entries = entries
    }
}

/// One route: a destination block and its next hops.
public struct RouteEntry: Codable, Hashable, Sendable {
    public var id: String
    public var destination: String
    /// `System`, `Custom`, …
    public var type: String
    public var status: String = "Available"
    public var nextHops: [NextHop] = []

    public init(id: String, destination: String, type: String, status: String = "Available",
                nextHops: [NextHop] = []) {
        self.id = id; self.destination = destination; self.type = type; self.status = status
        self.nextHops = nextHops
    }
}

/// A route's next hop: `local`, `service`, `Instance`, `NatGateway`, `Ipv4Gateway`, …
public struct NextHop: Codable, Hashable, Sendable {
    public var type: String
    public var id: String = ""
    public var enabled: Bool = true

    public init(type: String, id: String = "", enabled: Bool = true) {
        self.type = type; self.id = id; self.enabled = enabled
    }
}

extension RouteTable {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(Kind.self, forKey: .type)
        vpcId = try c.decode(String.self, forKey: .vpcId)
        vswitchIds = try c.decodeIfPresent([String].self, forKey: .vswitchIds) ?? []
        entries = try c.decodeIfPresent([RouteEntry].self, forKey: .entries) ?? []
    }
}

extension RouteEntry {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        destination = try c.decode(String.self, forKey: .destination)
        type = try c.decode(String.self, forKey: .type)
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
        nextHops = try c.decodeIfPresent([NextHop].self, forKey: .nextHops) ?? []
    }
}

extension NextHop {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    }
}
