import NetDiagEngine
import NetDiagModel

/// `netdiag what-if`: the blast radius of configuration edits on what the internet reaches (and,
/// asked for, on traffic between the region's own objects: `InsideBlastRadius`). Only
/// destinations an edit touches (its groups, ACL, route table or addresses) can change, so only
/// they are scanned, before and after, with the same rules.
public struct WhatIfReport: Encodable, Sendable {
    public var changes: [String]
    /// Destinations an edit touches (the others cannot change).
    public var touched: [String]
    /// What the internet reaches differently: newly exposed, no longer exposed, or a changed status.
    public var changed: [ChangedRow]
    public var evaluations: Int
    /// Traffic between the region's own objects that changed (nil when not asked for).
    public var inside: InsideReport?
    public var advisory = "An insight into configuration, not a proof that packets pass."
}

public enum WhatIfAnalyzer {
    /// Scans the touched destinations on `before` and on the edited inventory, with engines made
    /// by `makeEngine` (one per inventory: an engine's views are of the inventory it is bound to);
    /// with `inside`, also the pairs of the region's own objects an edit touches.
    public static func run(_ changes: [Change], on before: InventoryIndex, from scope: String = "internet", inside: Bool = false,
                           makeEngine: () throws -> RuleEngine) throws -> WhatIfReport {
        let after = InventoryIndex(try ChangeApplier.apply(changes, to: before.inventory))
        var touchedIds: [String] = []
        var causes: [String: [String]] = [:]
        // An edit touches a destination on the side where it holds the edited thing (an EIP: after a
        // bind, before an unbind).
        for index in [before, after] {
            for d in ExposureScanner.destinations(index) {
                for hit in changes.filter({ $0.touches(d, in: index) }).map(\.description) {
                    if causes[d.id] == nil { touchedIds.append(d.id) }
                    if !(causes[d.id] ?? []).contains(hit) { causes[d.id, default: []].append(hit) }
                }
            }
        }
        let only = Set(touchedIds)
        var evaluations = 0
        var scans: [[ExposureRow]] = []
        var engines: [RuleEngine] = []
        for index in [before, after] {
            let engine = try makeEngine()
            try engine.bind(index)
            engines.append(engine)
            let scanner = ExposureScanner(engine: engine, index: index)
            let report = try scanner.scan(from: try SourceScope(scope, index: index), only: only)
            evaluations += report.summary.evaluations
            scans.append(report.rows)
        }
        let changed = RowDiff.diff(before: scans[0], after: scans[1]) { causes[$0] ?? [] }
        var report = WhatIfReport(changes: changes.map(\.description), touched: touchedIds, changed: changed, evaluations: evaluations)
        if inside { report.inside = try InsideBlastRadius(before: before, after: after, engines: engines).run(changes) }
        return report
    }
}
