import Foundation
import NetDiagJSON

/// Collects one region (or some of its VPCs) into an `InventoryFolderWriter`: the list actions,
/// then the per-id actions for every group, route table, NAT table, prefix list and port range
/// list they name, then guest state through Cloud Assistant. Calls run concurrently, bounded by
/// the client.
public struct RegionCollector: Sendable {
    public var client: OpenAPIClient
    public var region: String
    /// Empty: every VPC of the region.
    public var vpcIds: [String]
    public var guests: GuestSelection
    public var guestOptions: GuestCollector.Options
    /// A folder collected earlier whose `os/<id>/` folders are kept for instances that still exist
    /// and were not collected again (a refresh re-runs only the guests a path touches).
    public var carryGuestsFrom: URL?
    /// Called after each finished action (from several tasks at once).
    public var progress: @Sendable (CollectProgress) -> Void

    public init(client: OpenAPIClient, region: String, vpcIds: [String] = [], guests: GuestSelection = .none,
                guestOptions: GuestCollector.Options = .init(), progress: @escaping @Sendable (CollectProgress) -> Void = { _ in }) {
        self.client = client
        self.region = region
        // A VPC named twice would be listed twice: every object of it a duplicate id.
        self.vpcIds = Self.unique(vpcIds)
        self.guests = guests
        self.guestOptions = guestOptions
        self.progress = progress
    }

    /// What a collection did.
    public struct Summary: Sendable {
        public var files = 0
        public var requests = 0
        public var retries = 0
        public var guests = GuestCollector.Summary()
        /// Guest folders kept from `carryGuestsFrom`.
        public var carriedGuests = 0
    }

    /// Runs the collection; the writer is finished (renamed into place) only when all of it succeeded.
    public func collect(into writer: InventoryFolderWriter) async throws -> Summary {
        do {
            let summary = try await run(writer)
            var done = summary
            done.files = try writer.finish()
            return done
        } catch {
            writer.abandon()
            throw error
        }
    }

    private func run(_ writer: InventoryFolderWriter) async throws -> Summary {
        let counter = ProgressCounter(progress)
        // Lists, each over every selected VPC where the action filters by VPC.
        let entries = CollectPlan.lists(region: region)
        counter.expect(entries.count)
        let lists = try await concurrently(entries) { entry -> (String, [[UInt8]]) in
            var pages: [[UInt8]] = []
            for vpc in (entry.byVpc && !vpcIds.isEmpty ? vpcIds.map(Optional.some) : [nil]) {
                var call = entry.call
                if let vpc { call.parameters["VpcId"] = vpc }
                pages += try await client.pages(call)
            }
            counter.finished(entry.call.action)
            return (entry.call.action, pages)
        }
        let byAction = Dictionary(lists, uniquingKeysWith: { a, _ in a })
        func items(_ action: String) -> [JSONValue] {
            guard let entry = entries.first(where: { $0.call.action == action }) else { return [] }
            return (byAction[action] ?? []).flatMap { bytes in
                (try? JSONParser.parse(bytes)).map(entry.call.items(in:)) ?? []
            }
        }
        // DescribeVpcs answers an unknown VpcId with an empty list: a mistyped --vpc would
        // otherwise give an empty inventory that loads without a warning.
        let vpcsFound = Set(items("DescribeVpcs").compactMap { $0["VpcId"]?.string })
        if let missing = vpcIds.first(where: { !vpcsFound.contains($0) }) {
            throw CollectError.usage("--vpc \(missing): region \(region) has no VPC with this id (DescribeVpcs lists none)")
        }

        // Per-id actions for every id the lists name.
        let ids = { (action: String, field: String) in Self.unique(items(action).compactMap { $0[field]?.string }) }
        let nats = items("DescribeNatGateways")
        var perId = ids("DescribeSecurityGroups", "SecurityGroupId").map { CollectPlan.securityGroupAttribute(region: region, id: $0) }
        perId += ids("DescribeRouteTableList", "RouteTableId").map { CollectPlan.routeEntries(region: region, id: $0) }
        perId += Self.unique(nats.flatMap { Self.strings($0["SnatTableIds"], "SnatTableId") })
            .map { CollectPlan.snatEntries(region: region, id: $0) }
        perId += Self.unique(nats.flatMap { Self.strings($0["ForwardTableIds"], "ForwardTableId") })
            .map { CollectPlan.forwardEntries(region: region, id: $0) }
        perId += ids("DescribePrefixLists", "PrefixListId").map { CollectPlan.prefixListAttributes(region: region, id: $0) }
        perId += ids("DescribePortRangeLists", "PortRangeListId").map { CollectPlan.portRangeListEntries(region: region, id: $0) }
        counter.expect(perId.count)
        // Written as they arrive (to the hidden partial folder), so thousands of groups are not
        // all held in memory; prefix list attributes are kept for folding into the list.
        let details = try await concurrently(perId) { call -> (String, [[UInt8]]) in
            let pages = try await client.pages(call)
            try writer.writePages(call.file, pages)
            counter.finished(call.action)
            return call.action == "DescribePrefixListAttributes" ? (call.file, pages) : (call.file, [])
        }

        let rewritten: Set<String> = vpcIds.isEmpty ? ["DescribePrefixLists"] : ["DescribePrefixLists", "DescribeEipAddresses"]
        for (action, pages) in lists where !rewritten.contains(action) { try writer.writePages(action, pages) }
        if !vpcIds.isEmpty {
            // EIPs are listed region-wide: keep the unbound ones and those bound to what was collected.
            let bound = Set(["DescribeInstances": "InstanceId", "DescribeNetworkInterfaces": "NetworkInterfaceId",
                             "DescribeNatGateways": "NatGatewayId"].flatMap { action, field in items(action).compactMap { $0[field]?.string } })
            let eips = items("DescribeEipAddresses").filter { eip in
                let owner = eip["InstanceId"]?.string ?? ""
                return owner.isEmpty || bound.contains(owner)
            }
            try writer.writePages("DescribeEipAddresses", [ListDocument.render(region: region, wrapper: "EipAddresses",
                                                                              item: "EipAddress", eips)])
        }
        try writer.writePages("DescribePrefixLists", [PrefixListFolding.fold(items("DescribePrefixLists"),
                                                                                attributes: details, region: region)])

        var summary = Summary()
        if guests != .none {
            let instances = items("DescribeInstances").compactMap(GuestCollector.Target.init(instance:))
            let collector = GuestCollector(client: client, region: region, options: guestOptions)
            summary.guests = try await collector.collect(instances, selection: guests, into: writer, counter: counter)
        }
        if let old = carryGuestsFrom {
            let written = Set(summary.guests.collected + summary.guests.agentMissing)
            let existing = Set(items("DescribeInstances").compactMap { $0["InstanceId"]?.string })
            summary.carriedGuests = try Self.carry(from: old, into: writer) { existing.contains($0) && !written.contains($0) }
        }
        let stats = client.statistics
        summary.requests = stats.requests
        summary.retries = stats.retries
        return summary
    }

    /// Runs `body` over `inputs` as child tasks (the client bounds how many calls are in flight)
    /// and returns the results in input order.
    func concurrently<In: Sendable, Out: Sendable>(_ inputs: [In], _ body: @escaping @Sendable (In) async throws -> Out) async throws -> [Out] {
        try await withThrowingTaskGroup(of: (Int, Out).self) { group in
            for (n, input) in inputs.enumerated() { group.addTask { (n, try await body(input)) } }
            var out = [Out?](repeating: nil, count: inputs.count)
            for try await (n, value) in group { out[n] = value }
            return out.map { $0! }
        }
    }

    /// Copies `old/os/<id>/` for the ids `keep` accepts. - Returns: how many folders.
    static func carry(from old: URL, into writer: InventoryFolderWriter, keep: (String) -> Bool) throws -> Int {
        let fm = FileManager.default, os = old.appendingPathComponent("os")
        var count = 0
        for id in ((try? fm.contentsOfDirectory(atPath: os.path)) ?? []).sorted() where !id.hasPrefix(".") && keep(id) {
            let folder = os.appendingPathComponent(id)
            for name in ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
                guard let data = fm.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
                try writer.writeFile("os/\(id)/\(name)", [UInt8](data))
            }
            count += 1
        }
        return count
    }

    static func strings(_ value: JSONValue?, _ item: String) -> [String] {
        guard let value else { return [] }
        let inner = value[item] ?? value
        if let a = inner.array { return a.compactMap(\.string) }
        return inner.string.map { [$0] } ?? []
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
