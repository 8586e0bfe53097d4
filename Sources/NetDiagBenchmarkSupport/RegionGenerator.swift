import NetDiagModel

/// A synthetic region: the model the files are written from, and the guest snapshots.
public struct GeneratedRegion: Sendable {
    public var spec: RegionSpec
    public var seed: UInt64
    /// The region as the loader should read it back (guests excluded: see `snapshots`).
    public var inventory: Inventory
    /// The `os/<instance-id>/` folders to write.
    public var snapshots: [GuestSnapshot]
}

/// The files of one `os/<instance-id>/` folder.
public struct GuestSnapshot: Hashable, Sendable {
    public var instanceId: String
    public var systemJSON: String
    public var iptablesSave: String
    public var ss: String
}

/// Builds synthetic regions in the shape of the cloud's API responses: several VPCs, vSwitches
/// over zones, security groups with overlapping CIDRs, group references and drops at several
/// priorities, multi-group and secondary ENIs, custom route tables, network ACLs, EIPs, NAT
/// gateways with SNAT/DNAT, and guest snapshots. The same spec and seed give the same region.
public enum RegionGenerator {
    /// The region for `spec` and `seed`, in memory.
    public static func generate(_ spec: RegionSpec, seed: UInt64) -> GeneratedRegion {
        let builder = RegionBuilder(spec: spec, seed: seed)
        builder.build()
        return GeneratedRegion(spec: spec, seed: seed, inventory: builder.inv, snapshots: builder.snapshots)
    }
}

/// The mutable state of one generation run; the steps live in extensions by resource family.
final class RegionBuilder {
    let spec: RegionSpec
    var rng: SplitMix64
    var inv = Inventory()
    var snapshots: [GuestSnapshot] = []
    private var issued: Set<String> = []

    static let zones = ["h", "i", "j", "k"]
    /// VPC blocks: private ranges, distinct so private addresses stay unique in the region.
    static let vpcBases: [IPv4Block] = [IPv4Block(10, 0, 0, 0, 16), IPv4Block(172, 16, 0, 0, 16),
                                        IPv4Block(192, 168, 0, 0, 16)]

    var vpcBlocks: [IPv4Block] = []
    /// Per vSwitch (same order as `inv.vswitches`): its block and the next free host offset.
    var vswitchBlocks: [IPv4Block] = []
    var nextHost: [UInt64] = []
    var vswitchesByVpc: [[Int]] = []
    /// Group ids per VPC index: [normal, enterprise].
    var groupsByVpc: [[[String]]] = []
    var instancesByVpc: [[Int]] = []
    /// The service role of each instance (index into `RegionBuilder.roles`).
    var roles: [Int] = []
    var nextPublic: UInt32 = 47 << 24 | 96 << 16 | 10
    let resourceGroups: [String]

    init(spec: RegionSpec, seed: UInt64) {
        self.spec = spec
        rng = SplitMix64(seed: seed)
        var groups: [String] = []
        for _ in 0..<3 { groups.append("rg-acfm" + rng.token(11)) }
        resourceGroups = groups
    }

    func build() {
        inv.regionId = spec.regionId
        buildNetwork()
        buildPrefixLists()
        buildSecurityGroups()
        buildInstances()
        buildEnis()
        buildPublicAddresses()
        buildNatGateways()
        buildRouteTables()
        buildNetworkAcls()
        buildGuests()
    }

    /// A new resource id such as `sg-bp1k3…` (17 random characters after the region code),
    /// never issued before in this region.
    func makeId(_ prefix: String) -> String {
        while true {
            let id = "\(prefix)-bp1" + rng.token(17)
            if issued.insert(id).inserted { return id }
        }
    }

    /// The next public address of the region's pool (47.96.0.10 upwards, with gaps).
    func publicAddress() -> String {
        nextPublic &+= UInt32(rng.int(1...3))
        if nextPublic & 0xff == 0 || nextPublic & 0xff == 255 { nextPublic &+= 2 }
        return IPv4Block.format(nextPublic)
    }

    /// A free private address in the vSwitch, or nil when it is full.
    func allocate(inVSwitch index: Int) -> String? {
        let block = vswitchBlocks[index]
        guard nextHost[index] < block.size - 1 else { return nil }
        let ip = block.address(nextHost[index])
        nextHost[index] += UInt64(rng.chance(0.2) ? 2 : 1)
        return ip
    }

    /// A vSwitch of the VPC with room left, preferring `zone` when given.
    func vswitchWithRoom(vpc: Int, zone: String? = nil) -> Int {
        let all = vswitchesByVpc[vpc]
        let inZone = zone.map { z in all.filter { inv.vswitches[$0].zoneId == z } } ?? all
        for candidates in [inZone, all] where !candidates.isEmpty {
            let start = rng.below(candidates.count)
            for step in 0..<candidates.count {
                let index = candidates[(start + step) % candidates.count]
                if nextHost[index] < vswitchBlocks[index].size - 1 { return index }
            }
        }
        preconditionFailure("the VPC's vSwitches are full: raise vswitches or lower the ENI count")
    }

    /// VPCs, and vSwitches spread over them and over four zones, each VPC's /16 split evenly.
    private func buildNetwork() {
        for v in 0..<spec.vpcs {
            let block = v < Self.vpcBases.count ? Self.vpcBases[v] : IPv4Block(10, UInt32(v - 2), 0, 0, 16)
            vpcBlocks.append(block)
            inv.vpcs.append(VPC(id: makeId("vpc"), name: "vpc-\(["prod", "staging", "dev", "shared"][v % 4])-\(v)",
                                cidr: block.cidr, regionId: spec.regionId, resourceGroupId: resourceGroups[v % 3],
                                status: "Available"))
            vswitchesByVpc.append([])
        }
        let perVpc = (spec.vswitches + spec.vpcs - 1) / spec.vpcs
        var bits = 0
        while 1 << bits < perVpc { bits += 1 }
        for s in 0..<spec.vswitches {
            let v = s % spec.vpcs, n = s / spec.vpcs
            let block = vpcBlocks[v].subBlock(n, length: 16 + bits)
            let zone = spec.regionId + "-" + Self.zones[n % Self.zones.count]
            let role = ["web", "app", "db", "cache", "ops", "batch"][n % 6]
            inv.vswitches.append(VSwitch(id: makeId("vsw"), name: "\(role)-\(zone.suffix(1))-\(n)",
                                         vpcId: inv.vpcs[v].id, cidr: block.cidr, zoneId: zone,
                                         regionId: spec.regionId, resourceGroupId: inv.vpcs[v].resourceGroupId,
                                         status: "Available"))
            vswitchBlocks.append(block)
            nextHost.append(UInt64(rng.int(3...9)))
            vswitchesByVpc[v].append(s)
        }
    }

    /// A few prefix lists (our addition to the API) that rules may reference.
    private func buildPrefixLists() {
        let count = max(2, spec.securityGroups / 200)
        for p in 0..<count {
            var cidrs: [String] = []
            for _ in 0..<rng.int(2...6) {
                cidrs.append(IPv4Block(UInt32(rng.int(1...223)) << 24 | UInt32(rng.below(1 << 16)) << 8, 24).cidr)
            }
            inv.prefixLists.append(PrefixList(id: makeId("pl"), name: "partners-\(p)", cidrs: Array(Set(cidrs)).sorted()))
        }
    }
}
