/// A network ACL bound to vSwitches. Entries are in list order, which is their priority.
public struct NetworkAcl: Codable, Hashable, Sendable {
    public var id: String
    public var name: String = ""
    public var vpcId: String
    public var status: String = "Available"
    public var vswitchIds: [String] = []
    public var ingress: [AclEntry] = []
    public var egress: [AclEntry] = []

    public init(id: String, name: String = "", vpcId: String, status: String = "Available",
                vswitchIds: [String] = [], ingress: [AclEntry] = [], egress: [AclEntry] = []) {
        self.id = id; self.name = name; self.vpcId = vpcId; self.status = status
        self.vswitchIds = vswitchIds; self.ingress = ingress; self.egress = egress
    }
}

/// One network ACL entry. `cidr` is the source for ingress, the destination for egress;
/// the port range is always the destination port.
public struct AclEntry: Codable, Hashable, Sendable {
    public enum Policy: String, Codable, Sendable { case accept, drop }

    public var id: String
    public var name: String = ""
    public var policy: Policy
    /// `tcp`, `udp`, `icmp`, `gre` or `all`, lower-case.
    public var `protocol`: String
    public var portRange: PortRange
    public var cidr: String
    /// `custom` or `system`.
    public var entryType: String = "custom"

    public init(id: String, name: String = "", policy: Policy, protocol: String, portRange: PortRange,
                cidr: String, entryType: String = "custom") {
        self.id = id; self.name = name; self.policy = policy; self.protocol = `protocol`
        self.portRange = portRange; self.cidr = cidr; self.entryType = entryType
    }
}

extension NetworkAcl {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        vpcId = try c.decode(String.self, forKey: .vpcId)
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
        vswitchIds = try c.decodeIfPresent([String].self, forKey: .vswitchIds) ?? []
        ingress = try c.decodeIfPresent([AclEntry].self, forKey: .ingress) ?? []
        egress = try c.decodeIfPresent([AclEntry].self, forKey: .egress) ?? []
    }
}

extension AclEntry {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        policy = try c.decode(Policy.self, forKey: .policy)
        `protocol` = try c.decode(String.self, forKey: .`protocol`)
        portRange = try c.decode(PortRange.self, forKey: .portRange)
        cidr = try c.decode(String.self, forKey: .cidr)
        entryType = try c.decodeIfPresent(String.self, forKey: .entryType) ?? "custom"
    }
}
