/// The size of a synthetic region: how many of each resource the generator writes.
public struct RegionSpec: Hashable, Sendable, Codable {
    /// `small`, `medium`, `large` or `custom`.
    public var name: String
    public var regionId = "cn-hangzhou"
    public var vpcs: Int
    /// vSwitches over all VPCs (spread evenly).
    public var vswitches: Int
    public var instances: Int
    /// Secondary ENIs bound to instances (a share of instances get one or two).
    public var secondaryEnis: Int
    /// Secondary ENIs bound to nothing (status `Available`).
    public var detachedEnis: Int
    public var securityGroups: Int
    public var rulesPerGroup: Int
    /// Custom route tables (each VPC also has its system table).
    public var customRouteTables: Int
    /// Custom route entries over all custom tables (system routes come on top).
    public var routeEntries: Int
    public var networkAcls: Int
    /// Entries per ACL and direction (the last may be the system accept-all entry).
    public var aclEntries: Int
    /// Linux instances with an `os/<id>/` folder (system.json, iptables-save.txt, ss.txt).
    public var osSnapshots: Int
    /// EIPs bound to instances or ENIs, or unbound (NAT gateway addresses come on top).
    public var eips: Int
    /// Items per page of `DescribeInstances/` and `DescribeNetworkInterfaces/`.
    public var pageSize: Int

    public init(name: String, vpcs: Int, vswitches: Int, instances: Int, secondaryEnis: Int, detachedEnis: Int,
                securityGroups: Int, rulesPerGroup: Int, customRouteTables: Int, routeEntries: Int,
                networkAcls: Int, aclEntries: Int, osSnapshots: Int, eips: Int, pageSize: Int) {
        self.name = name; self.vpcs = vpcs; self.vswitches = vswitches; self.instances = instances
        self.secondaryEnis = secondaryEnis; self.detachedEnis = detachedEnis
        self.securityGroups = securityGroups; self.rulesPerGroup = rulesPerGroup
        self.customRouteTables = customRouteTables; self.routeEntries = routeEntries
        self.networkAcls = networkAcls; self.aclEntries = aclEntries; self.osSnapshots = osSnapshots
        self.eips = eips; self.pageSize = pageSize
    }

    /// Every ENI: one primary per instance, plus the secondary and detached ones.
    public var enis: Int { instances + secondaryEnis + detachedEnis }

    /// 100 instances in one VPC.
    public static let small = RegionSpec(
        name: "small", vpcs: 1, vswitches: 8, instances: 100, secondaryEnis: 20, detachedEnis: 5,
        securityGroups: 20, rulesPerGroup: 10, customRouteTables: 2, routeEntries: 20,
        networkAcls: 2, aclEntries: 10, osSnapshots: 20, eips: 15, pageSize: 50)

    /// 2,000 instances, 500 groups × 50 rules.
    public static let medium = RegionSpec(
        name: "medium", vpcs: 2, vswitches: 48, instances: 2_000, secondaryEnis: 300, detachedEnis: 50,
        securityGroups: 500, rulesPerGroup: 50, customRouteTables: 8, routeEntries: 200,
        networkAcls: 8, aclEntries: 20, osSnapshots: 300, eips: 200, pageSize: 100)

    /// 20,000 instances, 4,000 groups × 100 rules, 1,000 route entries.
    public static let large = RegionSpec(
        name: "large", vpcs: 4, vswitches: 256, instances: 20_000, secondaryEnis: 3_000, detachedEnis: 500,
        securityGroups: 4_000, rulesPerGroup: 100, customRouteTables: 20, routeEntries: 1_000,
        networkAcls: 32, aclEntries: 40, osSnapshots: 2_000, eips: 2_000, pageSize: 100)

    /// The preset with this name, or nil.
    public static func preset(_ name: String) -> RegionSpec? {
        switch name {
        case "small": .small
        case "medium": .medium
        case "large": .large
        default: nil
        }
    }
}
