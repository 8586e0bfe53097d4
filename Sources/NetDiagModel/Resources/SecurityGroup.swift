/// A security group with its rules (`DescribeSecurityGroupAttribute`).
public struct SecurityGroup: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable { case normal, enterprise }
    public enum InnerAccess: String, Codable, Sendable { case accept = "Accept", drop = "Drop" }

    public var id: String
    public var name: String = ""
    public var type: Kind
    public var vpcId: String
    public var regionId: String = ""
    public var resourceGroupId: String = ""
    /// Whether members of a basic group reach each other; enterprise groups ignore it.
    public var innerAccessPolicy: InnerAccess = .accept
    public var rules: [SecurityGroupRule] = []

    public init(id: String, name: String = "", type: Kind, vpcId: String, regionId: String = "",
                resourceGroupId: String = "", innerAccessPolicy: InnerAccess = .accept,
                rules: [SecurityGroupRule] = []) {
        self.id = id; self.name = name; self.type = type; self.vpcId = vpcId; self.regionId = regionId
        self.resourceGroupId = resourceGroupId; self.innerAccessPolicy = innerAccessPolicy; self.rules = rules
    }
}

/// One security group rule. Exactly one peer field is set: a CIDR, a prefix list or a group.
public struct SecurityGroupRule: Codable, Hashable, Sendable {
    public enum Direction: String, Codable, Sendable { case ingress, egress }
    public enum Policy: String, Codable, Sendable { case accept, drop }

    public var id: String
    public var direction: Direction
    public var policy: Policy
    /// 1–100; smaller wins.
    public var priority: Int
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `gre` or `all`, lower-case.
    public var `protocol`: String
    public var portRange: PortRange
    public var sourcePortRange: PortRange?
    /// The remote side: the source for ingress rules, the destination for egress rules.
    public var cidr: String?
    public var ipv6Cidr: String?
    public var prefixListId: String?
    public var groupId: String?
    public var description: String = ""

    public init(id: String, direction: Direction, policy: Policy, priority: Int = 1, protocol: String,
                portRange: PortRange, sourcePortRange: PortRange? = nil, cidr: String? = nil,
                ipv6Cidr: String? = nil, prefixListId: String? = nil, groupId: String? = nil,
                description: String = "") {
        self.id = id; self.direction = direction; self.policy = policy; self.priority = priority
        self.protocol = `protocol`; self.portRange = portRange; self.sourcePortRange = sourcePortRange
        self.cidr = cidr; self.ipv6Cidr = ipv6Cidr; self.prefixListId = prefixListId
        self.groupId = groupId; self.description = description
    }
}

/// A prefix list: a named set of CIDR blocks that security group rules may reference.
public struct PrefixList: Codable, Hashable, Sendable {
    public var id: String
    public var name: String = ""
    public var cidrs: [String]

    public init(id: String, name: String = "", cidrs: [String]) {
        self.id = id; self.name = name; self.cidrs = cidrs
    }
}
