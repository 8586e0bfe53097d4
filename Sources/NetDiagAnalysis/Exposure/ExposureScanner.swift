import NetDiagEngine
import NetDiagModel

/// `netdiag exposure`: every (instance or secondary ENI, protocol, port range) that traffic from
/// the internet (or a block of it) reaches, computed over classes of packets and of destinations,
/// each class evaluated by the rules on one representative packet (docs/analysis.md).
public final class ExposureScanner {
    let index: InventoryIndex
    let collector: PredicateCollector
    let evaluator: PacketEvaluator
    let plan: RulePlan
    let cache: FamilyCache
    let shared = SharedFindings()
    /// Whether destinations share findings the rules cannot tell apart (`SharedFindings`; off
    /// only to test that sharing changes no row).
    var sharesFindings = true
    /// Whether the security groups' rules are collected as a first-match walk where the rules
    /// allow it (off only to test that the walk changes no row).
    var walksFirstMatch = true

    /// The engine must already be bound to `index`.
    public init(engine: RuleEngine, index: InventoryIndex) {
        self.index = index
        collector = PredicateCollector(index)
        evaluator = PacketEvaluator(engine: engine, regionId: index.inventory.regionId)
        plan = RulePlan(engine)
        cache = FamilyCache(collector)
    }

    /// Every instance (through its primary ENI) and every secondary ENI, in inventory order.
    public static func destinations(_ index: InventoryIndex) -> [Destination] {
        var out: [Destination] = []
        for instance in index.inventory.instances {
            out.append(Destination(id: instance.id, kind: "instance", interface: index.interfacesByInstance[instance.id]?.first,
                                   instance: instance))
        }
        for eni in index.inventory.networkInterfaces where eni.type == .secondary {
            out.append(Destination(id: eni.id, kind: "eni", interface: eni, instance: eni.instanceId.flatMap { index.instances[$0] }))
        }
        return out
    }

    /// Scans every destination (or those whose ids are in `only`) for the protocols (`tcp`,
    /// `udp`, `icmp`, `gre`).
    public func scan(from scope: SourceScope, protocols: [String] = ["tcp", "udp", "icmp"],
                     only: Set<String>? = nil) throws(AnalysisError) -> ExposureReport {
        var report = ExposureReport(from: scope.name, protocols: protocols)
        let destinations = Self.destinations(index).filter { only?.contains($0.id) ?? true }
        var classes: [EndpointKey: [Int]] = [:]
        var order: [EndpointKey] = []
        for (k, d) in destinations.enumerated() {
            let key = EndpointKey(d, collector: collector, hasGuest: d.instance.map { index.guests[$0.id] != nil } ?? false)
            if classes[key] == nil { order.append(key) }
            classes[key, default: []].append(k)
        }
        report.summary.destinations = destinations.count
        report.summary.endpointClasses = order.count
        for key in order {
            let members = classes[key]!
            let representative = destinations[members[0]]
            let rows = try scan(representative, scope: scope, protocols: protocols)
            report.rows += rows
            for m in members.dropFirst() {
                let member = destinations[m]
                if let own = try confirm(rows, for: member) {
                    report.rows += own
                } else {
                    report.summary.classSplits += 1
                    report.rows += try scan(member, scope: scope, protocols: protocols)
                }
            }
        }
        report.summary.evaluations = evaluator.diagnoses
        for row in report.rows { report.summary.rowsByStatus[row.status.rawValue, default: 0] += 1 }
        return report
    }

    /// The rows of one destination, scanned on its own.
    func scan(_ d: Destination, scope: SourceScope, protocols: [String]) throws(AnalysisError) -> [ExposureRow] {
        var rows: [ExposureRow] = []
        for proto in protocols {
            if cache.blocksAll(plan, proto, d, Interval.allPorts, scope.name) { continue }
            // A region source's groups see its public or private address, not the scope's (its
            // universe is one address), so its classes keep every group rule.
            let firstMatch = walksFirstMatch && plan.groupsDecideByFirstMatch && scope.sourceObject == nil
            let families = d.interface.map { collector.predicates(eni: $0, instance: d.instance, protocol: proto, firstMatch: firstMatch) }
                ?? PredicateFamilies(byCategory: [:])
            var scanner = ClassScanner(destination: d, protocol: proto, families: families, scope: scope,
                                       evaluator: evaluator, plan: plan)
            scanner.cache = cache
            if sharesFindings { scanner.shared = (shared, collector) }
            rows += try scanner.scan()
        }
        return rows
    }

    /// The class's rows for another member: each row's example packet is diagnosed on the member,
    /// which gives the member's own evidence. Nil when an outcome differs (the member is then
    /// scanned alone: the class was wrong for it).
    func confirm(_ rows: [ExposureRow], for member: Destination) throws(AnalysisError) -> [ExposureRow]? {
        var out: [ExposureRow] = []
        for row in rows {
            let o = try evaluator.outcome(member, protocol: row.protocol, source: row.exampleSource, port: row.examplePort)
            guard o.status == row.status, o.listening == row.listening else { return nil }
            var copy = row
            copy.destination = member.id
            copy.kind = member.kind
            copy.address = member.address
            copy.hops = o.hops
            copy.blockers = o.blockers
            out.append(copy)
        }
        return out
    }
}
