import NetDiagEngine

/// Scans one destination for one protocol. The source addresses and destination ports are cut
/// into atoms at every predicate's edge; each rule family groups the cells (address atom × port
/// atom) its predicates cannot tell apart and has its rules evaluate one packet per group; a
/// cell's outcome is the verdict over the findings of every family at that cell, which is what
/// one diagnosis of all rules would give, since each rule's check reads only the packet and the
/// inventory (docs/analysis.md).
struct ClassScanner {
    let destination: Destination
    let `protocol`: String
    let families: PredicateFamilies
    let scope: SourceScope
    let evaluator: PacketEvaluator
    let plan: RulePlan
    /// The destination ports scanned (one port for a reverse query).
    var portUniverse = Interval.allPorts
    /// Verdicts of small families shared by destinations with the same access key.
    var cache: FamilyCache?
    /// Findings shared by destinations of one vSwitch, with the collector that says which can share.
    var shared: (findings: SharedFindings, collector: PredicateCollector)?

    typealias Atom = (atom: Interval, representative: UInt64)

    /// Families whose own grid has at most this many signatures are first tried alone: when one
    /// blocks every packet (no public address, a stopped instance) the scan ends before the
    /// fine grid of all predicates is built.
    static let smallFamily = 16

    /// The atoms of a predicate set: addresses of the scope and ports of the universe.
    func grid(_ p: PacketPredicates) -> (addresses: [Atom], ports: [Interval?]) {
        var addressCuts = p.addressCuts
        for r in p.rectangles { addressCuts.cut(at: r.addresses) }
        for piece in scope.universe { addressCuts.cut(at: piece) }
        let allAtoms = Atoms(universe: .allAddresses, breakpoints: addressCuts)
        var addresses: [Atom] = []
        for k in 0..<allAtoms.count {
            let atom = allAtoms[k]
            guard scope.universe.contains(where: { $0.contains(atom) }), let r = scope.representative(of: atom) else { continue }
            addresses.append((atom, r))
        }
        guard `protocol` == "tcp" || `protocol` == "udp" else { return (addresses, [nil]) }
        var portCuts = p.portCuts
        for r in p.rectangles { portCuts.cut(at: r.ports) }
        let atoms = Atoms(universe: portUniverse, breakpoints: portCuts)
        return (addresses, (0..<atoms.count).map { atoms[$0] })
    }

    static func port(_ atom: Interval?) -> Int { atom.map { Int($0.lo + ($0.hi - $0.lo) / 2) } ?? -1 }

    static func blocksInCloud(_ findings: [Finding]) -> Bool {
        findings.contains { $0.severity == .critical && $0.status == .fail && $0.category != "guest-os" }
    }

    func scan() throws(AnalysisError) -> [ExposureRow] {
        // What the small families found alone, by signature key: the fine grid's classes of a
        // family are its own classes, so its findings there are reused rather than evaluated again.
        var early: [String: [[UInt64]: [Finding]]] = [:]
        for family in plan.families {
            let memoKey = cache?.key(family.category, `protocol`, destination, portUniverse, scope.name)
            if let memoKey, let known = cache?.blocksAll[memoKey] {
                if known { return [] }
                continue
            }
            let p = families.predicates(for: family.category)
            let (addresses, ports) = grid(p)
            guard !addresses.isEmpty else { return [] }
            let signatures = CellSignatures(p, addresses: addresses.map(\.atom), ports: ports)
            guard signatures.representatives.count <= Self.smallFamily else { continue }
            let shareKey = shareKey(family.category)
            var all = true
            var found: [[UInt64]: [Finding]] = [:]
            for (s, (i, j)) in signatures.representatives.enumerated() where all {
                let key = signatures.keys[s]
                let findings = try evaluate(family, p, key, shareKey: shareKey, source: addresses[i].representative, port: ports[j])
                all = Self.blocksInCloud(findings)
                // A broken rule's message may name the packet: such findings are not reused.
                if !findings.contains(where: { $0.status == .error }) { found[key] = findings }
            }
            if let memoKey { cache?.blocksAll[memoKey] = all }
            if all { return [] }
            early[family.category] = found
        }
        let (addresses, ports) = grid(families.union)
        let m = addresses.count
        let atoms = addresses.map(\.atom)
        // Families run in turn, each only on the cells no earlier family blocked in the cloud:
        // a cloud item's critical failure makes the cell blocked whatever the others say.
        var alive = [Bool](repeating: true, count: m * ports.count)
        var grids: [CellSignatures] = []
        var results: [[FamilyResult?]] = []
        for family in plan.families {
            let predicates = families.predicates(for: family.category)
            let grid = CellSignatures(predicates, addresses: atoms, ports: ports)
            let known = early[family.category] ?? [:]
            let shareKey = shareKey(family.category)
            var here = [FamilyResult?](repeating: nil, count: grid.representatives.count)
            var state = [UInt8](repeating: 0, count: grid.representatives.count)   // 0 not run, 1 open, 2 blocks
            var anyAlive = false
            for j in ports.indices {
                for i in 0..<m where alive[j * m + i] {
                    let s = grid.signature(i, j)
                    if state[s] == 0 {
                        let findings: [Finding]
                        if let reused = known[grid.keys[s]] {
                            findings = reused
                        } else {
                            let (ri, rj) = grid.representatives[s]
                            findings = try evaluate(family, predicates, grid.keys[s], shareKey: shareKey,
                                                    source: addresses[ri].representative, port: ports[rj])
                        }
                        let result = FamilyResult(findings, plan: plan)
                        state[s] = result.blocksInCloud ? 2 : 1
                        here[s] = result
                    }
                    if state[s] == 2 { alive[j * m + i] = false } else { anyAlive = true }
                }
            }
            if !anyAlive { return [] }
            grids.append(grid)
            results.append(here)
        }
        var memo: [SIMD8<Int32>: Int32] = [:]
        var outcomes: [Outcome] = []
        var ids: [Outcome: Int32] = [:]
        var cells = [[Int32]](repeating: [Int32](repeating: -1, count: m), count: ports.count)
        var parts: [FamilyResult] = []
        parts.reserveCapacity(grids.count)
        // Neighbouring cells mostly have the same signatures: the last key is tried first.
        var last = (key: SIMD8<Int32>(repeating: -2), id: Int32(-1))
        for j in ports.indices {
            for i in 0..<m where alive[j * m + i] {
                var key = SIMD8<Int32>(repeating: -1)
                for f in grids.indices { key[f] = Int32(grids[f].signature(i, j)) }
                if key == last.key { cells[j][i] = last.id; continue }
                if let o = memo[key] { cells[j][i] = o; last = (key, o); continue }
                parts.removeAll(keepingCapacity: true)
                for f in grids.indices { parts.append(results[f][Int(key[f])]!) }
                let o = FamilyResult.outcome(parts, protocol: `protocol`)
                let id: Int32
                if o.status == .blocked { id = -1 } else if let known = ids[o] { id = known } else {
                    id = Int32(outcomes.count); ids[o] = id; outcomes.append(o)
                }
                memo[key] = id
                cells[j][i] = id
                last = (key, id)
            }
        }
        return rows(cells: cells, outcomes: outcomes, addresses: addresses, ports: ports)
    }

    /// The family's findings for the class `key`, whose packet from `source` to `port` the rules
    /// evaluate unless another destination's findings for it are shared (`shareKey`); what the
    /// rules find is kept for the others.
    private func evaluate(_ family: RulePlan.Family, _ predicates: PacketPredicates, _ key: [UInt64], shareKey: String?,
                          source: UInt64, port: Interval?) throws(AnalysisError) -> [Finding] {
        if let shareKey, let known = shared?.findings.findings(shareKey, predicates, key, for: destination) { return known }
        let findings = try evaluator.diagnose(destination, protocol: `protocol`, source: scope.source(source),
                                              port: Self.port(port), only: family.rules).findings
        if let shareKey { shared?.findings.keep(findings, shareKey, predicates, key, of: destination) }
        return findings
    }

    private func shareKey(_ category: String) -> String? {
        shared.flatMap { $0.findings.key(category, `protocol`, destination, portUniverse, scope, collector: $0.collector) }
    }

    /// One row per outcome per run of port atoms with the same sources; blocked cells (-1) are left out.
    private func rows(cells: [[Int32]], outcomes: [Outcome], addresses: [Atom], ports: [Interval?]) -> [ExposureRow] {
        var out: [ExposureRow] = []
        var open: [Int32: (row: Int, sources: [Interval])] = [:]
        for j in ports.indices {
            var here: [Int32: (sources: [Interval], example: UInt64)] = [:]
            var order: [Int32] = []
            for i in addresses.indices where cells[j][i] >= 0 {
                let o = cells[j][i], atom = addresses[i].atom
                if here[o] == nil { here[o] = ([], addresses[i].representative); order.append(o) }
                if let last = here[o]!.sources.last, last.hi + 1 == atom.lo {
                    here[o]!.sources[here[o]!.sources.count - 1] = Interval(last.lo, atom.hi)
                } else {
                    here[o]!.sources.append(atom)
                }
            }
            var next: [Int32: (row: Int, sources: [Interval])] = [:]
            for id in order {
                let (sources, example) = here[id]!
                if let prior = open[id], prior.sources == sources, let range = out[prior.row].ports, let p = ports[j] {
                    out[prior.row].ports = Interval(range.lo, p.hi)
                    next[id] = prior
                    continue
                }
                let o = outcomes[Int(id)]
                out.append(ExposureRow(destination: destination.id, kind: destination.kind, address: destination.address,
                                       protocol: `protocol`, ports: ports[j], status: o.status, sources: sources,
                                       listening: o.listening, hops: o.hops, blockers: o.blockers,
                                       exampleSource: scope.source(example), examplePort: Self.port(ports[j])))
                next[id] = (out.count - 1, sources)
            }
            open = next
        }
        return out
    }
}
