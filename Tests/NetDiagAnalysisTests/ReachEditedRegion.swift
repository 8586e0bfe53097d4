@testable import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel

/// A small-region destination edited so that its ACL and route table tell apart two sources the
/// rest of their keys do not: the first ingress entry drops one source of a vSwitch (its
/// neighbours are let in by the entries after it), and a /32 route back to another source points
/// at a missing instance. The generated region's ACLs and routes treat a vSwitch's sources alike,
/// so the sampled cross-check alone cannot show what the ACL and route keys must hold.
enum ReachEditedRegion {
    static func check(families: @escaping (RulePlan, RuleEngine) -> [SourceFamily]) throws -> ReachCheck {
        var inventory = try loadGenerated(.small, seed: 42).inventory
        let original = InventoryIndex(inventory)
        let all = ExposureScanner.destinations(original)
        let before = ReachAnalyzer(engine: try boundEngine(original), index: original)
        // Running private instances without guest state: their keys differ only by what the edit adds.
        func plain(_ s: Destination) -> Bool {
            s.kind == "instance" && s.instance?.status == "Running" && s.interface?.publicIps.isEmpty == true
                && s.instance?.publicIps.isEmpty == true && s.instance?.eip == nil && original.guests[s.instance!.id] == nil
        }
        for d in all where d.interface != nil {
            let vswitch = d.interface!.vswitchId
            guard let acl = original.networkAcl(forVSwitch: vswitch), let table = original.effectiveRouteTable(forVSwitch: vswitch)
            else { continue }
            let pairs = Dictionary(grouping: all.filter { $0.vpcId == d.vpcId && $0.id != d.id && plain($0) && $0.interface!.vswitchId != vswitch },
                                   by: { "\($0.interface!.vswitchId) \($0.instance!.osType)" }).values.filter { $0.count >= 2 }.sorted { $0[0].id < $1[0].id }
            // A pair the cloud lets in before the edit: a family after a blocking one is not evaluated.
            let reached = Set(try before.reach(to: d, protocol: "tcp", port: 22).region.flatMap(\.sources))
            guard let pair = pairs.first(where: { $0.prefix(3).allSatisfy { reached.contains($0.id) } && $0.count >= 3 }) else { continue }
            let dropped = pair[0], rerouted = pair[2]
            let a = inventory.networkAcls.firstIndex { $0.id == acl.id }!
            inventory.networkAcls[a].ingress.insert(AclEntry(id: "nae-test-drop", policy: .drop, protocol: "all", portRange: .any,
                                                             cidr: dropped.address + "/32"), at: 0)
            let t = inventory.routeTables.firstIndex { $0.id == table.id }!
            inventory.routeTables[t].entries.append(RouteEntry(id: "rte-test", destination: rerouted.address + "/32", type: "custom",
                                                               nextHops: [NextHop(type: "Instance", id: "i-not-in-the-inventory")]))
            let index = InventoryIndex(inventory)
            let engine = try boundEngine(index)
            let analyzer = ReachAnalyzer(engine: engine, index: index)
            var check = ReachCheck(index: index, engine: engine)
            let target = ExposureScanner.destinations(index).first { $0.id == d.id }!
            let report = try analyzer.reach(to: target, protocol: "tcp", port: 22, families: families(analyzer.scanner.plan, engine))
            try check.check(report, to: target, protocol: "tcp", port: 22)
            return check
        }
        throw ReachEditError.noDestination
    }

    enum ReachEditError: Error { case noDestination }
}
