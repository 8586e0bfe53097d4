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

    typealias Atom = (atom: Interval, representative: UInt64)

    func scan() throws(AnalysisError) -> [ExposureRow] {
        let union = families.union
        var addressCuts = union.addressCuts
        for r in union.rectangles { addressCuts.cut(at: r.addresses) }
        for piece in scope.universe { addressCuts.cut(at: piece) }
        let allAtoms = Atoms(universe: .allAddresses, breakpoints: addressCuts)
        var addresses: [Atom] = []
        for k in 0..<allAtoms.count {
            let atom = allAtoms[k]
            guard scope.universe.contains(where: { $0.contains(atom) }), let r = scope.representative(of: atom) else { continue }
            addresses.append((atom, r))
        }
        guard !addresses.isEmpty else { return [] }
        var portCuts = union.portCuts
        for r in union.rectangles { portCuts.cut(at: r.ports) }
        let ports: [Interval?]
        if `protocol` == "tcp" || `protocol` == "udp" {
            let atoms = Atoms(universe: portUniverse, breakpoints: portCuts)
            ports = (0..<atoms.count).map { atoms[$0] }
        } else {
            ports = [nil]
        }
        func port(_ j: Int) -> Int { ports[j].map { Int($0.lo + ($0.hi - $0.lo) / 2) } ?? -1 }

        // Families run in turn, each only on the cells no earlier family blocked in the cloud:
        // a cloud item's critical failure makes the cell blocked whatever the others say.
        let m = addresses.count
        var alive = [Bool](repeating: true, count: m * ports.count)
        var grids: [CellSignatures] = []
        var findings: [[Int: [Finding]]] = []
        for family in plan.families {
            let grid = CellSignatures(families.predicates(for: family.category), addresses: addresses.map(\.atom), ports: ports)
            var results: [Int: [Finding]] = [:]
            var anyAlive = false
            for j in ports.indices {
                for i in addresses.indices where alive[j * m + i] {
                    let s = grid.signature(i, j)
                    if results[s] == nil {
                        let (ri, rj) = grid.representatives[s]
                        results[s] = try evaluator.diagnose(destination, protocol: `protocol`, source: addresses[ri].representative,
                                                            port: port(rj), only: family.rules).findings
                    }
                    if results[s]!.contains(where: { $0.severity == .critical && $0.status == .fail && $0.category != "guest-os" }) {
                        alive[j * m + i] = false
                    } else {
                        anyAlive = true
                    }
                }
            }
            if !anyAlive { return [] }
            grids.append(grid)
            findings.append(results)
        }
        let blocked = Outcome(status: .blocked, listening: .unknown, hops: [], blockers: [])
        var memo: [SIMD8<Int32>: Outcome] = [:]
        var cells = [[Outcome]](repeating: [], count: ports.count)
        for j in ports.indices {
            cells[j].reserveCapacity(m)
            for i in addresses.indices {
                guard alive[j * m + i] else { cells[j].append(blocked); continue }
                var key = SIMD8<Int32>(repeating: -1)
                for f in grids.indices { key[f] = Int32(grids[f].signature(i, j)) }
                if let o = memo[key] { cells[j].append(o); continue }
                var merged: [Finding] = []
                for f in grids.indices { merged += findings[f][Int(key[f])]! }
                // Report order, as one diagnosis gives it (a family's own findings keep their order).
                merged = merged.enumerated().sorted {
                    (plan.position[$0.element.rule, default: 0], $0.offset) < (plan.position[$1.element.rule, default: 0], $1.offset)
                }.map(\.element)
                let request = PacketEvaluator.request(destination, protocol: `protocol`, source: Interval.dotted(addresses[i].representative),
                                                      port: port(j), regionId: evaluator.regionId)
                let o = PacketEvaluator.outcome(Diagnosis(request: request, findings: merged))
                memo[key] = o
                cells[j].append(o)
            }
        }
        return rows(cells: cells, addresses: addresses, ports: ports, port: port)
    }

    /// One row per outcome per run of port atoms with the same sources; blocked cells are left out.
    private func rows(cells: [[Outcome]], addresses: [Atom], ports: [Interval?], port: (Int) -> Int) -> [ExposureRow] {
        var out: [ExposureRow] = []
        var open: [Outcome: (row: Int, sources: [Interval])] = [:]
        for j in ports.indices {
            var here: [Outcome: (sources: [Interval], example: UInt64)] = [:]
            var order: [Outcome] = []
            for i in addresses.indices where cells[j][i].status != .blocked {
                let o = cells[j][i], atom = addresses[i].atom
                if here[o] == nil { here[o] = ([], addresses[i].representative); order.append(o) }
                if let last = here[o]!.sources.last, last.hi + 1 == atom.lo {
                    here[o]!.sources[here[o]!.sources.count - 1] = Interval(last.lo, atom.hi)
                } else {
                    here[o]!.sources.append(atom)
                }
            }
            var next: [Outcome: (row: Int, sources: [Interval])] = [:]
            for o in order {
                let (sources, example) = here[o]!
                if let prior = open[o], prior.sources == sources, let range = out[prior.row].ports, let p = ports[j] {
                    out[prior.row].ports = Interval(range.lo, p.hi)
                    next[o] = prior
                    continue
                }
                out.append(ExposureRow(destination: destination.id, kind: destination.kind, address: destination.address,
                                       protocol: `protocol`, ports: ports[j], status: o.status, sources: sources,
                                       listening: o.listening, hops: o.hops, blockers: o.blockers,
                                       exampleSource: Interval.dotted(example), examplePort: port(j)))
                next[o] = (out.count - 1, sources)
            }
            open = next
        }
        return out
    }
}
