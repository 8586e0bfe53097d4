/// Groups the changed cells of one destination and protocol into rows: over each run of ports,
/// the sources with the same status before, after and the same causes form one row, their ids
/// in inventory order and in sets of equal groups and vSwitch.
enum InsideRows {
    static func group(_ cells: [Cell], destination: String, protocol proto: String) -> [InsideChangedRow] {
        guard !cells.isEmpty else { return [] }
        func key(_ c: Cell) -> String { "\(c.before.rawValue)>\(c.after.rawValue)|" + c.causes.joined(separator: "\n") }
        func row(_ c: Cell, _ ports: Interval?, _ sources: [Destination]) -> InsideChangedRow {
            InsideChangedRow(destination: destination, protocol: proto, ports: ports.map { "\($0.lo)/\($0.hi)" } ?? "-1/-1",
                             sources: sets(sources), before: c.before, after: c.after, causes: c.causes)
        }
        guard cells[0].ports != nil else {
            var order: [String] = [], members: [String: [Cell]] = [:]
            for c in cells {
                if members[key(c)] == nil { order.append(key(c)) }
                members[key(c), default: []].append(c)
            }
            return order.map { let m = members[$0]!; return row(m[0], nil, m.map(\.source)) }
        }
        var breakpoints: Set<UInt64> = []
        for c in cells { breakpoints.cut(at: c.ports!) }
        let points = breakpoints.sorted()
        var out: [InsideChangedRow] = []
        var open: [String: (row: Int, ids: [String])] = [:]
        var previousEnd: UInt64?
        for k in 0..<points.count - 1 {
            let piece = Interval(points[k], points[k + 1] - 1)
            var order: [String] = [], members: [String: [Cell]] = [:]
            for c in cells where c.ports!.contains(piece) {
                if members[key(c)] == nil { order.append(key(c)) }
                members[key(c), default: []].append(c)
            }
            guard !order.isEmpty else { continue }
            let adjacent = previousEnd.map { $0 + 1 == piece.lo } ?? false
            var next: [String: (row: Int, ids: [String])] = [:]
            for tag in order {
                let m = members[tag]!
                let ids = m.map(\.source.id)
                if adjacent, let prior = open[tag], prior.ids == ids {
                    let start = out[prior.row].ports.split(separator: "/")[0]
                    out[prior.row].ports = "\(start)/\(piece.hi)"
                    next[tag] = prior
                    continue
                }
                out.append(row(m[0], piece, m.map(\.source)))
                next[tag] = (out.count - 1, ids)
            }
            open = next
            previousEnd = piece.hi
        }
        return out
    }

    /// Sources grouped by (security groups, vSwitch), in order of first appearance.
    static func sets(_ sources: [Destination]) -> [InsideChangedRow.SourceSet] {
        var out: [InsideChangedRow.SourceSet] = []
        for s in sources {
            let groups = s.interface?.securityGroupIds ?? s.instance?.securityGroupIds ?? []
            let vswitch = s.interface?.vswitchId ?? s.instance?.vswitchId ?? ""
            if let k = out.firstIndex(where: { $0.securityGroups == groups && $0.vswitch == vswitch }) {
                out[k].ids.append(s.id)
            } else {
                out.append(.init(ids: [s.id], securityGroups: groups, vswitch: vswitch))
            }
        }
        return out
    }
}
