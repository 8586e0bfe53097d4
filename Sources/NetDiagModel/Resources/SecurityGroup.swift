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
    /// Set when the group's rules are not known (no usable attribute response), saying why: the
    /// rules then decide nothing for certain but a priority-1 drop (docs/cloud-rules.md).
    public var rulesMissing: String?

    public init(id: String, name: String = "", type: Kind, vpcId: String, regionId: String = "",
                resourceGroupId: String = "", innerAccessPolicy: InnerAccess = .accept,
                rules: [SecurityGroupRule] = [], rulesMissing: String? = nil) {
        self.id = id; self.name = name; self.type = type; self.vpcId = vpcId; self.regionId = regionId
        self.resourceGroupId = resourceGroupId; self.innerAccessPolicy = innerAccessPolicy; self.rules = rules
        self.rulesMissing = rulesMissing
    }
}

/// One security group rule. Exactly one peer field is set: a CIDR, a prefix list or a group.
public struct SecurityGroupRule: Codable, Hashable, Sendable {
    public enum Direction: String, Codable, Sendable { case ingress, egress }
    public enum Policy: String, Codable, Sendable { case accept, drop }

    public var id: String
    public var direction: Direction
    public var policy: Policy
    /// 1–100 as documented; smaller wins. Responses also carry larger numbers (system-created
    /// rules, e.g. 110): those are kept and ordered by their number.
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
    /// A port list (`PortRangeList.id`) whose ranges the rule matches instead of `portRange`.
    public var portRangeListId: String?
    public var description: String = ""

    public init(id: String, direction: Direction, policy: Policy, priority: Int = 1, protocol: String,
                portRange: PortRange, sourcePortRange: PortRange? = nil, cidr: String? = nil,
                ipv6Cidr: String? = nil, prefixListId: String? = nil, groupId: String? = nil,
                portRangeListId: String? = nil, description: String = "") {
        self.id = id; self.direction = direction; self.policy = policy; self.priority = priority
        self.protocol = `protocol`; self.portRange = portRange; self.sourcePortRange = sourcePortRange
        self.cidr = cidr; self.ipv6Cidr = ipv6Cidr; self.prefixListId = prefixListId
        self.groupId = groupId; self.portRangeListId = portRangeListId; self.description = description
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

extension SecurityGroup {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        type = try c.decode(Kind.self, forKey: .type)
        vpcId = try c.decode(String.self, forKey: .vpcId)
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId) ?? ""
        resourceGroupId = try c.decodeIfPresent(String.self, forKey: .resourceGroupId) ?? ""
        innerAccessPolicy = try c.decodeIfPresent(InnerAccess.self, forKey: .innerAccessPolicy) ?? .accept
        rules = try c.decodeIfPresent([SecurityGroupRule].self, forKey: .rules) ?? []
        rulesMissing = try c.decodeIfPresent(String.self, forKey: .rulesMissing)
    }
}

extension SecurityGroupRule {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        direction = try c.decode(Direction.self, forKey: .direction)
        policy = try c.decode(Policy.self, forKey: .policy)
        priority = try c.decode(Int.self, forKey: .priority)
        `protocol` = try c.decode(String.self, forKey: .`protocol`)
        portRange = try c.decode(PortRange.self, forKey: .portRange)
        sourcePortRange = try c.decodeIfPresent(PortRange.self, forKey: .sourcePortRange)
        cidr = try c.decodeIfPresent(String.self, forKey: .cidr)
        ipv6Cidr = try c.decodeIfPresent(String.self, forKey: .ipv6Cidr)
        prefixListId = try c.decodeIfPresent(String.self, forKey: .prefixListId)
        groupId = try c.decodeIfPresent(String.self, forKey: .groupId)
        portRangeListId = try c.decodeIfPresent(String.self, forKey: .portRangeListId)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
    }
}

extension PrefixList {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        cidrs = try c.decode([String].self, forKey: .cidrs)
    }
}
