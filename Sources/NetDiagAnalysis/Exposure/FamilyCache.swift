import NetDiagModel

/// Whether the `object` or `public-access` family blocks every packet to a destination, shared
/// by destinations with the same access key. Those families read only the destination's kind
/// and states, its VPC, whether it has a public address, and the DNAT entries to it (cloud.lua's
/// `endpoint` and `dnat_to`; the object rules); a destination that DNAT forwards to is never
/// shared, since the entries name its address.
final class FamilyCache {
    var blocksAll: [String: Bool] = [:]
    private let collector: PredicateCollector
    static let categories: Set = ["object", "public-access"]

    init(_ collector: PredicateCollector) { self.collector = collector }

    func key(_ category: String, _ proto: String, _ d: Destination, _ ports: Interval, _ scope: String) -> String? {
        guard Self.categories.contains(category), let eni = d.interface, collector.dnatEntries(to: eni).isEmpty else { return nil }
        return [category, proto, "\(ports)", scope, d.kind, d.instance?.status ?? "-", eni.type.rawValue, eni.status,
                eni.instanceId == nil ? "unbound" : "bound", eni.vpcId, d.publicAddresses.isEmpty ? "private" : "public"].joined(separator: "|")
    }

    /// True when the verdicts known so far block every packet of `proto` to `d`: the scan's
    /// first families would end it before reading any predicate, so they need not be collected.
    func blocksAll(_ plan: RulePlan, _ proto: String, _ d: Destination, _ ports: Interval, _ scope: String) -> Bool {
        for family in plan.families {
            guard let key = key(family.category, proto, d, ports, scope), let known = blocksAll[key] else { return false }
            if known { return true }
        }
        return false
    }
}
