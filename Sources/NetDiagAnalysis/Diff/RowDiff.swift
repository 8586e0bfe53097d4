/// Where two exposure scans of one destination and protocol disagree: both row sets are cut
/// into cells at every edge of either, each cell compared, and the changed cells grouped back
/// into rows (same before/after status and sources over a run of ports).
public struct ChangedRow: Encodable, Sendable {
    public var destination: String
    public var `protocol`: String
    public var ports: String
    public var sources: [String]
    public var before: ExposureStatus
    public var after: ExposureStatus
    /// The configuration changes that touch the destination.
    public var causes: [String]
}

enum RowDiff {
    static func diff(before: [ExposureRow], after: [ExposureRow], causes: (String) -> [String]) -> [ChangedRow] {
        var groups: [String: ([ExposureRow], [ExposureRow])] = [:]
        var order: [String] = []
        for (k, rows) in [before, after].enumerated() {
            for row in rows {
                let key = row.destination + " " + row.protocol
                if groups[key] == nil { groups[key] = ([], []); order.append(key) }
                if k == 0 { groups[key]!.0.append(row) } else { groups[key]!.1.append(row) }
            }
        }
        var out: [ChangedRow] = []
        for key in order {
            let (old, new) = groups[key]!
            let sample = (old + new)[0]
            var addressCuts: Set<UInt64> = [], portCuts: Set<UInt64> = []
            for row in old + new {
                for s in row.sources { addressCuts.cut(at: s) }
                if let p = row.ports { portCuts.cut(at: p) }
            }
            let addresses = Atoms(universe: .allAddresses, breakpoints: addressCuts)
            let ports: [Interval?] = sample.ports == nil ? [nil]
                : { let a = Atoms(universe: .allPorts, breakpoints: portCuts); return (0..<a.count).map { a[$0] } }()
            func status(_ rows: [ExposureRow], _ address: UInt64, _ port: Interval?) -> ExposureStatus {
                rows.first { $0.covers(address: address, port: port.map { Int($0.lo) } ?? -1) }?.status ?? .blocked
            }
            var open: [String: (index: Int, sources: [Interval])] = [:]
            for port in ports {
                var here: [String: (ExposureStatus, ExposureStatus, [Interval])] = [:]
                var keys: [String] = []
                for k in 0..<addresses.count {
                    let atom = addresses[k]
                    let b = status(old, atom.lo, port), a = status(new, atom.lo, port)
                    guard a != b else { continue }
                    let tag = "\(b.rawValue)>\(a.rawValue)"
                    if here[tag] == nil { here[tag] = (b, a, []); keys.append(tag) }
                    if let last = here[tag]!.2.last, last.hi + 1 == atom.lo {
                        here[tag]!.2[here[tag]!.2.count - 1] = Interval(last.lo, atom.hi)
                    } else {
                        here[tag]!.2.append(atom)
                    }
                }
                var next: [String: (index: Int, sources: [Interval])] = [:]
                for tag in keys {
                    let (b, a, sources) = here[tag]!
                    if let prior = open[tag], prior.sources == sources, let p = port {
                        let start = out[prior.index].ports.split(separator: "/")[0]
                        out[prior.index].ports = "\(start)/\(p.hi)"
                        next[tag] = prior
                        continue
                    }
                    out.append(ChangedRow(destination: sample.destination, protocol: sample.protocol,
                                          ports: port.map { "\($0.lo)/\($0.hi)" } ?? "-1/-1", sources: sources.flatMap(\.cidrs),
                                          before: b, after: a, causes: causes(sample.destination)))
                    next[tag] = (out.count - 1, sources)
                }
                open = next
            }
        }
        return out
    }
}
