/// One region's network configuration and its instances' guest state: the model every
/// diagnosis reads. The YAML format is this type encoded as is.
public struct Inventory: Codable, Hashable, Sendable {
    public var regionId: String = ""
    public var vpcs: [VPC] = []
    public var vswitches: [VSwitch] = []
    public var instances: [Instance] = []
    public var networkInterfaces: [NetworkInterface] = []
    public var securityGroups: [SecurityGroup] = []
    public var prefixLists: [PrefixList] = []
    public var portRangeLists: [PortRangeList] = []
    public var routeTables: [RouteTable] = []
    public var networkAcls: [NetworkAcl] = []
    public var eips: [EipAddress] = []
    public var natGateways: [NatGateway] = []
    public var ipv4Gateways: [Ipv4Gateway] = []
    public var guests: [GuestState] = []

    public init() {}
}

extension Inventory {
    /// Counts per resource type, in a stable order, for `inventory check`.
    public var counts: [(String, Int)] {
        [("vpcs", vpcs.count), ("vswitches", vswitches.count), ("instances", instances.count),
         ("networkInterfaces", networkInterfaces.count), ("securityGroups", securityGroups.count),
         ("securityGroupRules", securityGroups.reduce(0) { $0 + $1.rules.count }),
         ("prefixLists", prefixLists.count), ("portRangeLists", portRangeLists.count), ("routeTables", routeTables.count),
         ("routeEntries", routeTables.reduce(0) { $0 + $1.entries.count }),
         ("networkAcls", networkAcls.count), ("eips", eips.count), ("natGateways", natGateways.count),
         ("ipv4Gateways", ipv4Gateways.count), ("guests", guests.count)]
    }
}

extension Inventory {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId) ?? ""
        vpcs = try c.decodeIfPresent([VPC].self, forKey: .vpcs) ?? []
        vswitches = try c.decodeIfPresent([VSwitch].self, forKey: .vswitches) ?? []
        instances = try c.decodeIfPresent([Instance].self, forKey: .instances) ?? []
        networkInterfaces = try c.decodeIfPresent([NetworkInterface].self, forKey: .networkInterfaces) ?? []
        securityGroups = try c.decodeIfPresent([SecurityGroup].self, forKey: .securityGroups) ?? []
        prefixLists = try c.decodeIfPresent([PrefixList].self, forKey: .prefixLists) ?? []
        portRangeLists = try c.decodeIfPresent([PortRangeList].self, forKey: .portRangeLists) ?? []
        routeTables = try c.decodeIfPresent([RouteTable].self, forKey: .routeTables) ?? []
        networkAcls = try c.decodeIfPresent([NetworkAcl].self, forKey: .networkAcls) ?? []
        eips = try c.decodeIfPresent([EipAddress].self, forKey: .eips) ?? []
        natGateways = try c.decodeIfPresent([NatGateway].self, forKey: .natGateways) ?? []
        ipv4Gateways = try c.decodeIfPresent([Ipv4Gateway].self, forKey: .ipv4Gateways) ?? []
        guests = try c.decodeIfPresent([GuestState].self, forKey: .guests) ?? []
    }
}
