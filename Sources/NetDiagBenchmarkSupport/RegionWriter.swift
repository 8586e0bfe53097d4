import Foundation
import NetDiagModel

/// Writes a generated region as the folder the loader reads (`docs/inventory-format.md`): one
/// response per API, long lists as page folders (`DescribeInstances/1.json`, …), one file per
/// security group and route table, NAT tables, and `os/<instance-id>/` guest folders.
public struct RegionWriter {
    /// What was written.
    public struct Summary: Hashable, Sendable, Codable {
        public var files = 0
        public var bytes = 0
    }

    let root: URL
    private(set) var summary = Summary()
    private var requests = 0
    private var made: Set<String> = []

    /// Writes `region` into `directory`, which must not exist yet or be empty.
    public static func write(_ region: GeneratedRegion, to directory: URL) throws -> Summary {
        var writer = RegionWriter(root: directory)
        try writer.writeAll(region)
        return writer.summary
    }

    init(root: URL) { self.root = root }

    private mutating func writeAll(_ region: GeneratedRegion) throws {
        let inv = region.inventory, spec = region.spec, regionId = inv.regionId
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let allocations = Dictionary(inv.eips.map { ($0.ip, $0.id) }, uniquingKeysWith: { a, _ in a })
        let tableType = Dictionary(inv.routeTables.map { ($0.id, $0.type == .system ? "System" : "Custom") },
                                   uniquingKeysWith: { a, _ in a })

        try list("DescribeVpcs", "Vpcs", "Vpc", inv.vpcs.map { vpc in
            APIResponses.vpc(vpc, vswitchIds: inv.vswitches.filter { $0.vpcId == vpc.id }.map(\.id))
        }, pageSize: 50)
        try list("DescribeVSwitches", "VSwitches", "VSwitch", inv.vswitches.map {
            APIResponses.vswitch($0, tableType: $0.routeTableId.flatMap { tableType[$0] } ?? "System")
        }, pageSize: 50)

        var enisByInstance: [String: [NetworkInterface]] = [:]
        for eni in inv.networkInterfaces { if let owner = eni.instanceId { enisByInstance[owner, default: []].append(eni) } }
        try list("DescribeInstances", "Instances", "Instance", inv.instances.enumerated().map { n, instance in
            APIResponses.instance(instance, enis: enisByInstance[instance.id] ?? [],
                                  eipAllocation: instance.eip.flatMap { allocations[$0] }, primaryStyle: n % 7 != 0)
        }, pageSize: spec.pageSize)
        try list("DescribeNetworkInterfaces", "NetworkInterfaceSets", "NetworkInterfaceSet",
                 inv.networkInterfaces.map { APIResponses.networkInterface($0, allocations: allocations) },
                 pageSize: spec.pageSize)

        try list("DescribeSecurityGroups", "SecurityGroups", "SecurityGroup",
                 inv.securityGroups.map(APIResponses.securityGroup), pageSize: spec.pageSize)
        for group in inv.securityGroups {
            let permissions = group.rules.enumerated().map { n, rule in
                APIResponses.permission(rule, numericPriority: n % 5 != 0)
            }
            try response("DescribeSecurityGroupAttribute/\(group.id)", [
                ("RegionId", .string(regionId)), ("SecurityGroupId", .string(group.id)),
                ("SecurityGroupName", .string(group.name)), ("VpcId", .string(group.vpcId)), ("Description", .string("")),
                ("InnerAccessPolicy", .string(group.innerAccessPolicy.rawValue)),
                ("Permissions", .wrapped("Permission", permissions)),
            ])
        }

        try list("DescribeRouteTableList", "RouterTableList", "RouterTableListType",
                 inv.routeTables.map(APIResponses.routeTable), pageSize: 50)
        for table in inv.routeTables {
            try response("DescribeRouteEntryList/\(table.id)", [
                ("RouteEntrys", .wrapped("RouteEntry", table.entries.map { APIResponses.routeEntry($0, table: table.id) })),
            ])
        }
        try list("DescribeNetworkAcls", "NetworkAcls", "NetworkAcl",
                 inv.networkAcls.map { APIResponses.networkAcl($0, regionId: regionId) }, pageSize: 50)
        try list("DescribeEipAddresses", "EipAddresses", "EipAddress",
                 inv.eips.map { APIResponses.eip($0, regionId: regionId) }, pageSize: spec.pageSize)
        try list("DescribeNatGateways", "NatGateways", "NatGateway",
                 inv.natGateways.map { APIResponses.natGateway($0, regionId: regionId, allocations: allocations) }, pageSize: 50)
        for nat in inv.natGateways {
            let snat = APIResponses.snatTable(nat), forward = APIResponses.forwardTable(nat)
            try response("DescribeSnatTableEntries/\(snat)", [
                ("TotalCount", .int(nat.snatEntries.count)),
                ("SnatTableEntries", .wrapped("SnatTableEntry", nat.snatEntries.map { APIResponses.snatEntry($0, table: snat) })),
            ])
            try response("DescribeForwardTableEntries/\(forward)", [
                ("TotalCount", .int(nat.dnatEntries.count)),
                ("ForwardTableEntries", .wrapped("ForwardTableEntry", nat.dnatEntries.map { APIResponses.dnatEntry($0, table: forward) })),
            ])
        }
        try list("DescribePrefixLists", "PrefixLists", "PrefixList", inv.prefixLists.map(APIResponses.prefixList), pageSize: 50)

        for guest in region.snapshots {
            try file("os/\(guest.instanceId)/system.json", guest.systemJSON)
            try file("os/\(guest.instanceId)/iptables-save.txt", guest.iptablesSave)
            try file("os/\(guest.instanceId)/ss.txt", guest.ss)
        }
    }

    /// A list response: one file when it fits a page, else a folder of numbered pages.
    private mutating func list(_ name: String, _ wrapper: String, _ item: String, _ items: [JSONText], pageSize: Int) throws {
        let pages = max(1, (items.count + pageSize - 1) / pageSize)
        for page in 1...pages {
            let slice = Array(items[min(items.count, (page - 1) * pageSize)..<min(items.count, page * pageSize)])
            try response(pages == 1 ? name : "\(name)/\(page)", [
                ("TotalCount", .int(items.count)), ("PageNumber", .int(page)), ("PageSize", .int(pageSize)),
                (wrapper, .wrapped(item, slice)),
            ])
        }
    }

    /// One response document with a request id, as `<name>.json`.
    private mutating func response(_ name: String, _ fields: [(String, JSONText)]) throws {
        requests += 1
        let hex = String(requests, radix: 16, uppercase: true)
        let requestId = "5F3C1A2B-4C3D-4E9F-8A1B-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        var text = ""
        JSONText.object([("RequestId", .string(requestId))] + fields).write(into: &text)
        text += "\n"
        try file(name + ".json", text)
    }

    private mutating func file(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        let folder = url.deletingLastPathComponent()
        if made.insert(folder.path).inserted {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let data = Data(text.utf8)
        try data.write(to: url)
        summary.files += 1
        summary.bytes += data.count
    }
}
