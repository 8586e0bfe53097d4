import NetDiagEngine
import NetDiagModel

/// The inside part of `what-if`: every (source, destination) pair of one VPC, protocol and
/// destination port range whose status differs before and after the edits. Only the pairs and
/// ports an edit can change (`InsideScope`) are evaluated, each by the rules on both inventories:
/// `reach --from` for a source touched almost everywhere, `reach --to` per destination and port
/// when many sources are touched there, single diagnoses when few.
struct InsideBlastRadius {
    static let protocols = ["tcp", "udp", "icmp"]

    /// The ports an edit may change for one pair, with the edit.
    typealias Footprint = (ports: Interval, cause: String, edit: Int)

    /// What is rescanned for one destination and protocol: footprints every source shares (an
    /// edit on the destination's side) and footprints of single sources.
    struct Interest {
        var all: [Footprint] = []
        var some: [String: [Footprint]] = [:]
    }

    /// One side of the comparison: an inventory, its engine, and what the scan reads of it.
    final class Side {
        let index: InventoryIndex
        let engine: RuleEngine
        let collector: PredicateCollector
        let byId: [String: Destination]
        private(set) lazy var analyzer = ReachAnalyzer(engine: engine, index: index)
        var analyzerEvaluations = 0
        var diagnoses = 0

        init(index: InventoryIndex, engine: RuleEngine) {
            self.index = index
            self.engine = engine
            collector = PredicateCollector(index)
            byId = Dictionary(ExposureScanner.destinations(index).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }

        func diagnose(_ s: String, _ d: Destination, _ proto: String, _ port: Int) throws(AnalysisError) -> ExposureStatus {
            diagnoses += 1
            do {
                return ExposureStatus(try engine.diagnose(DiagnosisRequest(source: s, destination: d.id, protocol: proto, port: port,
                                                                           vpcId: d.vpcId, regionId: index.inventory.regionId)))
            } catch {
                throw .engine(error.description)
            }
        }

        private var sent: [String: [String: [ExposureRow]]] = [:]

        /// What `s` reaches (`reach --from`), by destination and protocol; cached per source.
        func rows(from s: Destination) throws(AnalysisError) -> [String: [ExposureRow]] {
            if let known = sent[s.id] { return known }
            let report = try analyzer.reach(from: s, protocols: InsideBlastRadius.protocols)
            analyzerEvaluations = report.summary.evaluations
            let rows = Dictionary(grouping: report.rows) { $0.destination + " " + $0.protocol }
            sent[s.id] = rows
            return rows
        }

        /// Each listed region source's status at one port; a source of the VPC not listed is blocked.
        func reach(_ d: Destination, _ proto: String, _ port: Int) throws(AnalysisError) -> [String: ExposureStatus] {
            let report = try analyzer.reach(to: d, protocol: proto, port: port)
            analyzerEvaluations = report.summary.evaluations
            var out: [String: ExposureStatus] = [:]
            for c in report.region { for s in c.sources { out[s] = c.status } }
            return out
        }
    }

    let sides: [Side]
    let objects: [Destination]
    let byId: [String: Destination]
    let byVpc: [String: [Destination]]

    /// `engines` are bound to `before` and `after`, in that order.
    init(before: InventoryIndex, after: InventoryIndex, engines: [RuleEngine]) {
        sides = [Side(index: before, engine: engines[0]), Side(index: after, engine: engines[1])]
        objects = ExposureScanner.destinations(before)
        byId = sides[0].byId
        byVpc = Dictionary(grouping: objects, by: \.vpcId)
    }

    /// Sources a path to `d` may start from, as `reach --to` takes them: the VPC's instances and
    /// ENIs but `d` itself and other ENIs of its instance (the console refuses such paths).
    func sources(of d: Destination) -> [Destination] {
        (byVpc[d.vpcId] ?? []).filter { $0.canPair(with: d) }
    }

    func run(_ changes: [Change]) throws(AnalysisError) -> InsideReport {
        var states = [sides[0].index]
        var inventory = sides[0].index.inventory
        for c in changes.dropLast() {
            inventory = try ChangeApplier.apply([c], to: inventory)
            states.append(InventoryIndex(inventory))
        }
        let (order, interest) = scope(InsideScope.touches(changes, states: states))
        var report = InsideReport(touchedPairs: 0, touchedDestinations: 0, changed: [], evaluations: 0)
        var plans: [Plan] = []
        var cost: [String: Int] = [:]
        for d in order {
            let candidates = sources(of: d)
            var touched = Set<String>()
            for proto in Self.protocols {
                guard let i = interest[d.id]?[proto] else { continue }
                let relevant = i.all.isEmpty ? candidates.filter { i.some[$0.id] != nil } : candidates
                touched.formUnion(relevant.map(\.id))
                let plan = self.plan(d, proto, relevant, candidates: candidates.count, interest: i)
                for (n, s) in relevant.enumerated() { cost[s.id, default: 0] += plan.atoms[n].count }
                plans.append(plan)
            }
            report.touchedPairs += touched.count
            if !touched.isEmpty { report.touchedDestinations += 1 }
        }
        // A source touched at many destinations and ports (an ACL or route edit, an egress rule)
        // costs less as one `reach --from` per inventory, whose families split the ports for
        // every destination at once, than as a diagnosis per atom.
        let senders = Set(cost.filter { id, atoms in atoms > Self.senderThreshold * (byVpc[byId[id]?.vpcId ?? ""]?.count ?? 0) }.keys)
        for plan in plans { report.changed += try compare(plan, senders: senders) }
        report.evaluations = sides.reduce(0) { $0 + $1.analyzerEvaluations + $1.diagnoses }
        return report
    }

    /// The footprints per destination and protocol, destinations in inventory order.
    func scope(_ touches: [InsideScope.Touch]) -> ([Destination], [String: [String: Interest]]) {
        var interest: [String: [String: Interest]] = [:]
        for t in touches {
            for proto in Self.protocols where t.covers(proto) {
                let footprint = (t.ports, t.cause, t.edit)
                for d in objects where t.end != .source && t.holders.contains(d.id) {
                    interest[d.id, default: [:]][proto, default: Interest()].all.append(footprint)
                }
                guard t.end != .destination else { continue }
                for s in objects where t.holders.contains(s.id) {
                    for d in byVpc[s.vpcId] ?? [] where d.id != s.id {
                        interest[d.id, default: [:]][proto, default: Interest()].some[s.id, default: []].append(footprint)
                    }
                }
            }
        }
        return (objects.filter { interest[$0.id] != nil }, interest)
    }

    /// What one destination and protocol needs: the touched sources, their footprints, and each
    /// one's atoms: its footprints cut at every edge the destination's and its own predicates
    /// have, on either inventory, so that one port speaks for each atom.
    struct Plan {
        var destination: Destination
        var `protocol`: String
        var sources: [Destination]
        var candidates: Int
        var footprints: [[Footprint]]
        var atoms: [[Interval?]]
    }

    /// Atoms per source over this many per object of the VPC make a source a `reach --from`
    /// sender (three protocols, a few family evaluations per destination).
    static let senderThreshold = 24

    func plan(_ d: Destination, _ proto: String, _ relevant: [Destination], candidates: Int, interest: Interest) -> Plan {
        let hasPorts = proto == "tcp" || proto == "udp"
        var destCuts: Set<UInt64> = []
        if hasPorts {
            for side in sides {
                guard let o = side.byId[d.id], let eni = o.interface else { continue }
                destCuts.formUnion(Self.edges(side.collector.predicates(eni: eni, instance: o.instance, protocol: proto).union))
            }
        }
        var plan = Plan(destination: d, protocol: proto, sources: relevant, candidates: candidates, footprints: [], atoms: [])
        for s in relevant {
            let mine = (interest.all + (interest.some[s.id] ?? [])).sorted { $0.edit < $1.edit }
            plan.footprints.append(mine)
            guard hasPorts else { plan.atoms.append([nil]); continue }
            var cuts = destCuts
            for side in sides {
                guard let o = side.byId[s.id] else { continue }
                cuts.formUnion(Self.edges(side.collector.adding(sender: o, to: PredicateFamilies(byCategory: [:]), protocol: proto).union))
            }
            plan.atoms.append(Self.merged(mine.map(\.ports)).flatMap { universe in
                let a = Atoms(universe: universe, breakpoints: cuts)
                return (0..<a.count).map { Optional(a[$0]) }
            })
        }
        return plan
    }

    /// The changed cells of one plan, grouped into rows.
    func compare(_ plan: Plan, senders: Set<String>) throws(AnalysisError) -> [InsideChangedRow] {
        let (d, proto) = (plan.destination, plan.protocol)
        let rest = plan.sources.indices.filter { !senders.contains(plan.sources[$0].id) }
        let stabs = proto == "tcp" || proto == "udp" ? Self.stab(Set(rest.flatMap { plan.atoms[$0] }.compactMap { $0 })) : [-1]
        // `reach --to` diagnoses at most one source per class of the VPC at one port; single
        // diagnoses cost one per touched source and atom. Take the cheaper (on a tie `reach`,
        // whose classes can only make it cheaper).
        let viaReach = rest.reduce(0) { $0 + plan.atoms[$1].count } >= stabs.count * plan.candidates
        var reached: [[Int: [String: ExposureStatus]]] = [[:], [:]]
        if viaReach {
            for (k, side) in sides.enumerated() {
                guard let o = side.byId[d.id] else { continue }
                for p in stabs { reached[k][p] = try side.reach(o, proto, p) }
            }
        }
        var cells: [Cell] = []
        for (n, s) in plan.sources.enumerated() {
            let sender = senders.contains(s.id)
            for atom in plan.atoms[n] {
                var status: [ExposureStatus] = []
                for (k, side) in sides.enumerated() {
                    if sender {
                        let port = atom.map { Int($0.lo) } ?? -1
                        var rows: [ExposureRow] = []
                        if let o = side.byId[s.id] { rows = try side.rows(from: o)[d.id + " " + proto] ?? [] }
                        status.append(rows.first { $0.ports.map { $0.contains(UInt64(max(port, 0))) } ?? true }?.status ?? .blocked)
                        continue
                    }
                    let port = atom.map { Self.first(in: $0, of: stabs) } ?? -1
                    if viaReach {
                        status.append(reached[k][port]?[s.id] ?? .blocked)
                    } else if let o = side.byId[d.id] {
                        status.append(try side.diagnose(s.id, o, proto, port))
                    } else {
                        status.append(.blocked)
                    }
                }
                guard status[0] != status[1] else { continue }
                var causes: [String] = []
                for f in plan.footprints[n] where atom.map(f.ports.overlaps) ?? true && !causes.contains(f.cause) { causes.append(f.cause) }
                cells.append(Cell(source: s, ports: atom, before: status[0], after: status[1], causes: causes))
            }
        }
        return InsideRows.group(cells, destination: d.id, protocol: proto)
    }

    /// The first of the ascending `ports` inside `atom` (`stab` put one in every atom).
    static func first(in atom: Interval, of ports: [Int]) -> Int {
        var lo = 0, hi = ports.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if UInt64(ports[mid]) < atom.lo { lo = mid + 1 } else { hi = mid }
        }
        return ports[lo]
    }

    /// Every port edge of a predicate set: where a rectangle or a cut starts a new atom.
    static func edges(_ p: PacketPredicates) -> Set<UInt64> {
        var out = p.portCuts
        for r in p.rectangles { out.cut(at: r.ports) }
        return out
    }

    /// Overlapping or adjacent intervals joined, in order.
    static func merged(_ intervals: [Interval]) -> [Interval] {
        var out: [Interval] = []
        for i in intervals.sorted() {
            if let last = out.last, i.lo <= last.hi + 1 { out[out.count - 1] = Interval(last.lo, max(last.hi, i.hi)) } else { out.append(i) }
        }
        return out
    }

    /// The fewest ports such that every atom holds one (greedy by right end: optimal for intervals), ascending.
    static func stab(_ atoms: Set<Interval>) -> [Int] {
        var out: [Int] = []
        for a in atoms.sorted(by: { ($0.hi, $0.lo) < ($1.hi, $1.lo) }) where out.last.map({ UInt64($0) < a.lo }) ?? true {
            out.append(Int(a.hi))
        }
        return out
    }
}

/// One source's atom whose status differs before and after.
struct Cell {
    var source: Destination
    var ports: Interval?
    var before: ExposureStatus
    var after: ExposureStatus
    var causes: [String]
}
